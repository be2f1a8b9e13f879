"""Rich text links as the public API shows them: nothing points at what a reader may not see."""

from django.utils.html import escape
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.rich_text.pages import PageLinkHandler

from base.blocks import is_private_collection_item
from base.publication import building_documents, is_public, record_reference


class PublicPageLinkHandler(PageLinkHandler):
    """While API documents are built, links to drafts and private pages keep only their text."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        if not building_documents():
            return super().expand_db_attributes_many(attrs_list)
        tags = []
        for page in cls.get_many(attrs_list):
            if page is None:
                tags.append("<a>")
                continue
            record_reference(page)
            tags.append(f'<a href="{escape(page.localized.url)}">' if is_public(page) else "<a>")
        return tags


class PublicDocumentLinkHandler(DocumentLinkHandler):
    """While API documents are built, links to documents in private collections lose their URL."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        if not building_documents():
            return super().expand_db_attributes_many(attrs_list)
        tags = []
        for document in cls.get_many(attrs_list):
            if document is None:
                tags.append("<a>")
                continue
            record_reference(document)
            if is_private_collection_item(document):
                tags.append("<a>")
            else:
                tags.append(f'<a href="{escape(document.url)}">')
        return tags
