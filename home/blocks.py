"""The one StreamField block set every content page shares."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        preview_value = {"text": "What you need to apply", "level": "h2"}


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("info", _("Information")),
            ("warning", _("Warning")),
            ("success", _("Success")),
        ],
        default="info",
    )
    heading = blocks.CharBlock(required=False)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        preview_value = {
            "kind": "info",
            "heading": "Applications are open",
            "text": "<p>Apply once for every program you qualify for.</p>",
        }


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock()
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])


class AccordionBlock(blocks.StructBlock):
    items = blocks.ListBlock(AccordionItemBlock())

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion.html"
        preview_value = {
            "items": [
                {
                    "question": "Who counts as my household?",
                    "answer": "<p>Everyone who lives with you.</p>",
                }
            ]
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        help_text=_(
            "Describe the image for screen readers; leave empty if decorative."
        ),
    )
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "blocks/image.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], required=False)


class StepListBlock(blocks.StructBlock):
    steps = blocks.ListBlock(StepBlock())

    class Meta:
        icon = "list-ol"
        template = "blocks/step_list.html"
        preview_value = {
            "steps": [
                {"title": "Create an account", "text": "<p>It takes two minutes.</p>"},
                {"title": "Upload your documents", "text": "<p>A photo is fine.</p>"},
            ]
        }


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        icon="pilcrow",
        template="blocks/paragraph.html",
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        preview_value="<p>Rich text for the page.</p>",
    )
    callout = CalloutBlock()
    accordion = AccordionBlock()
    image = ImageBlock()
    steps = StepListBlock()
