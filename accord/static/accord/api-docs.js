// Starts the Swagger UI that django-ninja ships (served by Accord, never from a CDN). Lives in a file, not
// an inline script, because the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    const body = document.body;
    const csrfToken = body.dataset.csrfToken;
    window.SwaggerUIBundle({
      url: body.dataset.openapiUrl,
      dom_id: "#swagger-ui",
      layout: "BaseLayout",
      deepLinking: true,
      presets: [window.SwaggerUIBundle.presets.apis],
      // "Try it out" from a signed-in browser uses the session, which needs the CSRF token on writes.
      requestInterceptor: function (request) {
        if (csrfToken) request.headers["X-CSRFToken"] = csrfToken;
        return request;
      },
    });
  });
})();
