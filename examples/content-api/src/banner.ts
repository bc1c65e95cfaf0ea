/**
 * What the first start prints once the server listens: the admin key (shown only now), Cockpit's
 * own API snippets with this server's address, and curl lines to paste.
 * @param url - the server's base URL
 * @param key - the admin key
 */
export function firstStartBanner(url: string, key: string): string {
  return `
First start: created roles admin, editor and public (the public role: posts and menus are readable
without a key) and the user "admin". Its key is shown now and never again; keyward stores only its hash:

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

(fetch runs in Node 18+ or in a browser console on any site: CORS allows every origin by default.)
Without the api-key header they answer too: the public role reads menus.

Try:
  curl ${url}/api/content/items/posts                          # public: no key needed
  curl -i ${url}/api/content/items/pages                       # 401: the pages model needs a key
  curl -H "api-key: $KEY" ${url}/api/content/items/pages
  curl -H "api-key: $KEY" ${url}/api/pages/pages               # the Pages API's pages need a key too
  curl -H "api-key: $KEY" -H 'content-type: application/json' -d '{"data":{"title":"New post"}}' ${url}/api/content/item/posts
  curl -H "api-key: $KEY" -H 'content-type: application/json' -d '{"query":"{ items(model: \\"pages\\") { _id title } }"}' ${url}/api/gql
  curl -H "api-key: $KEY" ${url}/api/keyward/roles
  curl ${url}/                                                 # every route
`;
}
