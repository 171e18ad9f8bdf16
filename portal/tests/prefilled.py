"""What a browser would post back from a page's form, untouched: each field's value
as the page renders it (checked boxes and radios only, each select's chosen option).
Tests use it to prove a prefilled form is accepted as it stands."""

from html.parser import HTMLParser

SKIPPED_TYPES = {"submit", "button", "file", "reset", "image"}


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._select = None
        self._textarea = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": []})
            self.forms[-1]["buttons"] = []
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if name and (
            tag == "button" or (tag == "input" and attrs.get("type") == "submit")
        ):
            self.forms[-1]["buttons"].append(name)
            return
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in SKIPPED_TYPES:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            fields.append(
                (name, attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select" and name:
            self._select = {"name": name, "chosen": None, "first": None}
        elif tag == "option" and self._select is not None:
            self._option = attrs.get("value")
            if self._select["first"] is None:
                self._select["first"] = self._option
            if "selected" in attrs:
                self._select["chosen"] = self._option
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            value = chosen if chosen is not None else self._select["first"]
            fields.append((self._select["name"], value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            fields.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None


def prefilled(html, containing):
    """The POST data of the page's form that has a field (or a submit button) named
    `containing`; buttons are not in the data, as a browser sends only the one
    pressed."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        names = [name for name, _ in form["fields"]] + form["buttons"]
        if containing in names:
            data = {}
            for name, value in form["fields"]:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError(f"No form with a field named {containing!r}")
