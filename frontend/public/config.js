// Runtime configuration of the web app. Deployments replace this file; it is not bundled.
// apiBaseUrl: the API's origin, e.g. "https://api.example.org". Empty means the page's own
// protocol and host name, on apiPort or else 5000 (http://127.0.0.1:5173 -> :5000).
// A build keeps a deployed config.js that differs from this one.
// fileMaxBytes: the largest upload the API takes (its FILE_MAX_BYTES); left out, 25 MB.
window.__PLATFORM_CONFIG__ = { apiBaseUrl: "" };
