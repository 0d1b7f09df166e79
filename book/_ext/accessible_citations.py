"""Give bibliography entries a role their list allows.

docutils writes the bibliography as an element with role="list" whose entries have
role="doc-biblioentry", a role ARIA has deprecated as a list item; screen readers and axe-core
then see a list without items. Entries become role="listitem"; nothing else changes.
"""


def _entries_as_list_items(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("html-page-context", _entries_as_list_items)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
