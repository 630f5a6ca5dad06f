// Starts the interactive API reference from the worker's own OpenAPI document (no CDN, works offline).
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, tryItOutEnabled: false });
