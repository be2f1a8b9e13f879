from wagtail import hooks

from home.rich_text import PublicDocumentLinkHandler, PublicPageLinkHandler


# Runs after Wagtail's own registration (order 0), so these handlers replace the stock ones.
@hooks.register("register_rich_text_features", order=100)
def register_public_link_handlers(features):
    features.register_link_type(PublicPageLinkHandler)
    features.register_link_type(PublicDocumentLinkHandler)
