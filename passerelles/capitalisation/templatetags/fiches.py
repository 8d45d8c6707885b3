from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def paragraphes(text: str) -> SafeString:
    """A section's text as HTML: a paragraph per line, "- " lines as a list."""
    parts, items = [], []
    for line in [*str(text).split("\n"), ""]:
        line = line.strip()
        if line.startswith("- "):
            items.append((line[2:],))
            continue
        if items:
            parts.append(format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", items)))
            items = []
        if line:
            parts.append(format_html("<p>{}</p>", line))
    return mark_safe("".join(parts))
