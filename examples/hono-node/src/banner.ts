/**
 * What the first start prints once the server listens: the admin key (shown only now), Cockpit's
 * own API snippets with this server's address, and curl lines to paste.
 * @param url - the server's base URL
 * @param key - the admin key
 */
export function firstStartBanner(url: string, key: string): string {
  return `
First start: created roles admin, editor and public (the public role: posts and menus are readable
without a key) and the user "admin". Its key, shown only now:

  export KEY=${key}

Cockpit's API snippets work as printed on its documentation, with the host changed:

  curl -X GET "${url}/api/pages/menus" -H "api-key: $KEY"

  fetch('${url}/api/pages/menus', {
    method: 'GET',
    headers: {
      "api-key": "${key}"
    }
  })
  .then(response => response.json())
  .then(response => console.log(response));

Without the api-key header they answer too: the public role reads menus.

Try:
  curl ${url}/api/content/items/posts
  curl -H "api-key: $KEY" ${url}/api/content/items/drafts
  curl -H "api-key: $KEY" ${url}/api/pages/pages
  curl -H "api-key: $KEY" ${url}/api/keyward/keys
  curl ${url}/                                   # every route
`;
}
