// Starts the vendored Swagger UI on /api/v1/docs with the settings the page carries as JSON (no inline script).
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  config.layout = "BaseLayout";
  window.ui = SwaggerUIBundle(config);
})();
