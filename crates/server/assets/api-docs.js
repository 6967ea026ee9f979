// Starts Swagger UI on the API reference page (/api/docs).
// Kept in its own file because the Content-Security-Policy forbids inline script.
(function () {
  "use strict";
  function start() {
    window.ui = SwaggerUIBundle({
      url: "/api/openapi.json",
      dom_id: "#swagger-ui",
      // Never send our spec's address to the public online validator.
      validatorUrl: null,
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
