// Kept out of the page itself so that a strict Content-Security-Policy can forbid inline scripts.
window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
