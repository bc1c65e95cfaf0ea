/**
 * The console's `index.html`: no inline script or style (the Content-Security-Policy allows none),
 * relative links (it works below any mount path that ends with a slash), and a data: icon so the
 * browser does not ask the app for /favicon.ico.
 * @param script - path of the hashed script, relative to the page
 * @param style - path of the hashed style sheet, relative to the page
 */
export function indexHtml(script: string, style: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>keyward admin</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${style}">
<script type="module" src="${script}"></script>
</head>
<body>
<div id="app"><noscript>The keyward admin console needs JavaScript.</noscript></div>
</body>
</html>
`;
}
