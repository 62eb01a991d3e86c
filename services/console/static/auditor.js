// Checks an audit entry in the browser: SHA-256 leaf hash (RFC 9162 §2.1.1), the inclusion
// path (§2.1.3.2) up to the signed root, and the tree head's Ed25519 signature under the
// service's key, all with WebCrypto. Nothing here trusts the console's word.
"use strict";
(function () {
  const enc = new TextEncoder();
  function hex(bytes) { return Array.from(new Uint8Array(bytes), function (b) { return b.toString(16).padStart(2, "0"); }).join(""); }
  function unhex(text) { const out = new Uint8Array(text.length / 2); for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16); return out; }
  function unbase64(text) { const raw = atob(text); const out = new Uint8Array(raw.length); for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i); return out; }
  function concat() { let n = 0; for (const a of arguments) n += a.length; const out = new Uint8Array(n); let o = 0; for (const a of arguments) { out.set(a, o); o += a.length; } return out; }
  async function sha256(bytes) { return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)); }
  function leafHash(data) { return sha256(concat(new Uint8Array([0]), data)); }
  function nodeHash(l, r) { return sha256(concat(new Uint8Array([1]), l, r)); }
  function same(a, b) { if (a.length !== b.length) return false; for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false; return true; }

  // RFC 9162 §2.1.3.2, as shared/audit/merkle.py verify_inclusion (indices below 2^53).
  async function verifyInclusion(index, size, leaf, path, root) {
    if (index < 0 || index >= size) return false;
    let fn = index, sn = size - 1, r = leaf;
    for (const p of path) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(p, r);
        if (fn % 2 === 0) {
          do { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); } while (!(fn % 2 === 1 || fn === 0));
        }
      } else {
        r = await nodeHash(r, p);
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    return sn === 0 && same(r, root);
  }

  // The signed message: a domain line, then RFC 8785 JSON of the head (keys sorted).
  function signedMessage(head) {
    const body = "{\"key_id\":" + JSON.stringify(head.key_id) + ",\"log\":" + JSON.stringify(head.log) +
      ",\"root_hash\":" + JSON.stringify(head.root_hash) + ",\"timestamp\":" + String(head.timestamp) +
      ",\"tree_size\":" + String(head.tree_size) + "}";
    return concat(enc.encode("kelisim-tree-head-v1\n"), enc.encode(body));
  }

  async function verifySignature(head, publicKeyBase64) {
    const raw = unbase64(publicKeyBase64);
    if (hex(await sha256(raw)) !== head.key_id) return false;
    const key = await crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
    return crypto.subtle.verify({ name: "Ed25519" }, key, unbase64(head.signature), signedMessage(head));
  }

  async function check(bundle) {
    const proof = bundle.proof, head = bundle.head;
    if (proof.leaf === null) return { ok: false, why: "no leaf" };
    const leaf = await leafHash(enc.encode(proof.leaf));
    if (hex(leaf) !== proof.leaf_hash) return { ok: false, why: "leaf hash" };
    const path = proof.audit_path.map(unhex);
    const included = await verifyInclusion(proof.leaf_index, head.tree_size, leaf, path, unhex(head.root_hash));
    if (!included) return { ok: false, why: "inclusion" };
    const signed = await verifySignature(head, bundle.key.public_key);
    if (!signed) return { ok: false, why: "signature" };
    return { ok: true };
  }

  function start() {
    const form = document.getElementById("verify-form");
    if (!form) return;
    const result = document.getElementById("verify-result");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      result.className = ""; result.textContent = "…";
      const params = new URLSearchParams(new FormData(form));
      try {
        const answer = await fetch("/audit/proof?" + params.toString(), { headers: { "Accept": "application/json" } });
        const bundle = await answer.json();
        if (!answer.ok) throw new Error(bundle.detail || bundle.title || String(answer.status));
        const outcome = await check(bundle);
        result.className = outcome.ok ? "ok" : "fail";
        result.dataset.outcome = outcome.ok ? "verified" : "failed";
        result.textContent = outcome.ok ? form.dataset.verified : form.dataset.failed + " (" + outcome.why + ")";
        document.getElementById("vd-size").textContent = bundle.head.tree_size;
        document.getElementById("vd-root").textContent = bundle.head.root_hash;
        document.getElementById("vd-leaf").textContent = bundle.proof.leaf;
        document.getElementById("verify-details").hidden = false;
      } catch (error) {
        result.className = "fail"; result.dataset.outcome = "failed";
        result.textContent = form.dataset.failed + ": " + error.message;
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
