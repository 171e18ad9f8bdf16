"""`manage.py load_demo`: demo pages, programs and (under dev settings) accounts."""

from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Load demo content; safe to run again (it changes nothing the second time)."

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout)
