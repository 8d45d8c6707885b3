/* The check-in page, kept working when the hall's network drops.
 *
 * The page keeps the last list it loaded (IndexedDB) and shows it, searched as you type.
 * Every tick, untick and walk-in becomes an action with a key drawn here and the tablet's
 * time; actions wait in IndexedDB, shown « en attente de synchronisation », until the server
 * takes them (it applies each key once, and the most recent action on a person wins). The
 * answer brings the list as the server holds it, so two tablets converge at each sync.
 * Without this script (or IndexedDB), the page's forms and htmx work as they did. */
(function () {
  "use strict";

  const root = document.getElementById("pointage");
  if (!root || !window.indexedDB || !window.fetch || !window.crypto || !crypto.randomUUID) return;

  const atelier = root.dataset.atelier;
  const urls = { liste: root.dataset.liste, synchro: root.dataset.synchroniser, sw: root.dataset.sw };
  const AFFICHES = 30;
  const PERIODE = 15000;
  const NOUVEL_ESSAI = 3000;  // after the server did not answer
  const results = document.getElementById("resultats");
  const search = document.getElementById("recherche");
  const status = document.getElementById("pointage-etat");
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;

  let personnes = [];
  let enAttente = [];
  let syncing = null;
  let message = "";  // what the last action did
  let avis = "";  // what the last sync that had something to say said
  // The server did not answer the last request: a network the browser calls up (a hotel's
  // Wi-Fi before its login page, a page just reopened from the cache) may not reach it.
  let injoignable = false;
  let essai = null;

  // --- IndexedDB: the last list loaded, and the queue of actions -----------------------------

  const base = new Promise(function (resolve, reject) {
    const request = indexedDB.open("passerelles-accueil", 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore("listes");
      request.result.createObjectStore("actions", { keyPath: "cle" }).createIndex("atelier", "atelier");
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });

  function transaction(store, mode, work) {
    return base.then(function (db) {
      return new Promise(function (resolve, reject) {
        const tx = db.transaction(store, mode);
        const result = work(tx.objectStore(store));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  const stockage = {
    liste: function () { return transaction("listes", "readonly", function (s) { return s.get(atelier); }); },
    garderListe: function (rows) {
      return transaction("listes", "readwrite", function (s) { s.put(rows, atelier); });
    },
    actions: function () {
      return transaction("actions", "readonly", function (s) { return s.index("atelier").getAll(atelier); });
    },
    ajouter: function (action) { return transaction("actions", "readwrite", function (s) { s.put(action); }); },
    retirer: function (cles) {
      return transaction("actions", "readwrite", function (s) { cles.forEach(function (cle) { s.delete(cle); }); });
    },
  };

  // --- What the page shows: the list as loaded, with the queued actions played over it -------

  function effectives() {
    const rows = personnes.map(function (p) { return Object.assign({}, p, { attente_synchro: false }); });
    const byId = new Map(rows.map(function (row) { return [row.id, row]; }));
    const added = new Map();
    enAttente.slice().sort(function (a, b) { return a.le - b.le; }).forEach(function (action) {
      if (action.genre === "sur_place") {
        const row = {
          id: null, cle: action.cle, nom: [action.champs.prenom, action.champs.nom].filter(Boolean).join(" "),
          tri: action.champs.nom + " " + action.champs.prenom,
          qui: action.champs.collectivite || action.champs.structure || "", attente: false,
          sur_place: true, present: true, code: "", attente_synchro: true,
        };
        added.set(action.cle, row);
        rows.push(row);
        return;
      }
      const row = action.ajout ? added.get(action.ajout) : byId.get(action.inscription);
      if (row) {
        row.present = action.genre === "presence";
        row.attente_synchro = true;
      }
    });
    return rows;
  }

  function sansAccents(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function correspond(row, typed) {
    const compact = typed.replace(/[^a-z0-9]/g, "");
    if (compact.length >= 4 && row.code && row.code.toLowerCase().startsWith(compact)) return true;
    const words = sansAccents(row.nom + " " + row.qui).split(/[^a-z0-9]+/);
    return typed.split(/\s+/).filter(Boolean).every(function (part) {
      return words.some(function (word) { return word.startsWith(part); });
    });
  }

  function element(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(function ([name, value]) { node.setAttribute(name, value); });
    (children || []).forEach(function (child) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function ligne(row) {
    const tags = [];
    if (row.attente) tags.push(element("span", { class: "etiquette etiquette--attention" }, ["liste d'attente"]));
    if (row.sur_place) tags.push(element("span", { class: "etiquette" }, ["sans inscription"]));
    if (row.attente_synchro) {
      tags.push(element("span", { class: "etiquette etiquette--attention" }, ["en attente de synchronisation"]));
    }
    const qui = element("div", { class: "accueil-qui" }, [element("strong", {}, [row.nom])]
      .concat(tags.flatMap(function (tag) { return [" ", tag]; }))
      .concat([element("br"), element("span", { class: "legende" }, [row.qui])]));
    const bouton = row.present
      ? element("button", { type: "submit", class: "bouton bouton--secondaire",
        "aria-label": "Retirer la présence de " + row.nom }, ["✓ Présent·e — annuler"])
      : element("button", { type: "submit", class: "bouton", "aria-label": "Marquer " + row.nom + " présent·e" },
        ["Marquer présent·e"]);
    const form = element("form", { method: "post", "data-pointer": row.present ? "0" : "1" }, [bouton]);
    if (row.id !== null) form.dataset.inscription = row.id;
    else form.dataset.ajout = row.cle;
    const classes = "accueil-ligne" + (row.present ? " accueil-ligne--present" : "");
    return element("li", { class: classes, id: row.id !== null ? "inscription-" + row.id : "ajout-" + row.cle },
      [qui, form]);
  }

  function afficher() {
    const rows = effectives();
    const typed = sansAccents(search.value.trim());
    const shown = rows.filter(function (row) { return correspond(row, typed); })
      .sort(function (a, b) { return (a.tri || a.nom).localeCompare(b.tri || b.nom, "fr"); });
    results.replaceChildren();
    if (shown.length) {
      results.append(element("ul", { class: "accueil-liste" }, shown.slice(0, AFFICHES).map(ligne)));
      if (shown.length > AFFICHES) {
        results.append(element("p", { class: "legende" }, ["Seules les " + AFFICHES +
          " premières personnes sont affichées : tapez quelques lettres du nom pour trouver les autres."]));
      }
    } else {
      results.append(element("p", {}, ["Personne ne correspond. Vous pouvez l'ajouter ci-dessous comme " +
        "personne venue sans inscription."]));
    }
    compter(rows);
    annoncer();
  }

  function compter(rows) {
    const chiffres = [
      [rows.filter(function (r) { return r.present; }).length, "présent", "présents"],
      [rows.filter(function (r) { return !r.attente && !r.sur_place; }).length, "inscrit", "inscrits"],
      [rows.filter(function (r) { return r.sur_place; }).length, "sans inscription", "sans inscription"],
    ];
    document.querySelectorAll("#compteurs .carte").forEach(function (carte, index) {
      const [count, one, many] = chiffres[index];
      carte.querySelector(".chiffre").textContent = count;
      carte.querySelector(".legende").textContent = count === 1 ? one : many;  // as the server says it
    });
  }

  function annoncer() {
    const waiting = enAttente.length;
    const parts = [];
    if (!navigator.onLine || injoignable) parts.push("Hors connexion : la liste affichée est la dernière chargée.");
    if (waiting) {
      parts.push(waiting + (waiting > 1 ? " actions en attente" : " action en attente") + " de synchronisation.");
    }
    if (message) parts.push(message);
    if (avis) parts.push(avis);
    status.textContent = parts.join(" ");
  }

  // --- Actions: queued first, then sent ------------------------------------------------------

  function agir(action) {
    action.cle = crypto.randomUUID();
    action.atelier = atelier;
    action.le = Date.now();
    if (action.genre !== "sur_place") message = "";
    enAttente.push(action);
    afficher();
    return stockage.ajouter(action).then(synchroniser);
  }

  function pointer(form) {
    const action = { genre: form.dataset.pointer === "1" ? "presence" : "absence" };
    if (form.dataset.ajout) action.ajout = form.dataset.ajout;
    else action.inscription = Number(form.dataset.inscription);
    return agir(action);
  }

  function ajouterSurPlace(form) {
    if (!form.reportValidity()) return;
    const champs = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") champs[name] = String(value).trim();
    });
    if (!champs.collectivite && !champs.structure) {
      message = "Indiquez la collectivité ou, à défaut, la structure de la personne.";
      annoncer();
      return;
    }
    form.reset();
    form.closest("details").open = false;
    message = [champs.prenom, champs.nom].join(" ") + " est ajouté·e et marqué·e présent·e.";
    return agir({ genre: "sur_place", champs: champs });
  }

  function synchroniser() {
    if (syncing) return syncing.then(function () { return enAttente.length ? synchroniser() : undefined; });
    if (!enAttente.length) return rafraichir();
    const lot = enAttente.slice(0, 500);
    syncing = fetch(urls.synchro, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ actions: lot.map(envoi) }),
    }).then(function (response) {
      injoignable = false;
      if (response.redirected || !(response.headers.get("Content-Type") || "").includes("json")) {
        avis = "Session expirée : reconnectez-vous pour synchroniser (rien n'est perdu).";
        return;
      }
      return response.json().then(function (body) { return recu(lot, body, response.ok); });
    }, injoignableDesormais)  // only the request itself: an answer the page misread is no outage
      .catch(function () { /* the actions wait */ })
      .finally(function () { syncing = null; afficher(); });
    return syncing;
  }

  function envoi(action) {
    const sent = { cle: action.cle, genre: action.genre, le: action.le };
    ["inscription", "ajout", "champs"].forEach(function (name) { if (action[name]) sent[name] = action[name]; });
    return sent;
  }

  function recu(lot, body, ok) {
    if (!ok) {
      avis = body.erreur || "La synchronisation a échoué.";
      return;
    }
    const cles = lot.map(function (action) { return action.cle; });
    enAttente = enAttente.filter(function (action) { return !cles.includes(action.cle); });
    const fusionnees = body.resultats.filter(function (r) { return r.statut === "fusionnee"; }).length;
    const refusees = body.resultats.filter(function (r) { return r.statut === "refusee"; });
    const notes = [];
    if (fusionnees) {
      notes.push(fusionnees + (fusionnees > 1 ? " actions fusionnées" : " action fusionnée") +
        " avec celles d'une autre tablette : la plus récente l'emporte.");
    }
    const parCle = new Map(lot.map(function (action) { return [action.cle, action]; }));
    refusees.forEach(function (r) {
      const champs = (parCle.get(r.cle) || {}).champs;
      const qui = champs ? [champs.prenom, champs.nom].filter(Boolean).join(" ") : "";
      notes.push((qui ? qui + " n'a pas pu être ajouté·e : " : "Action non appliquée : ") + r.erreur);
    });
    if (refusees.length) message = "";  // it said the walk-in was added
    avis = notes.join(" ");
    garder(body);
    // More than one batch waited: the next goes once this one is off the queue.
    return stockage.retirer(cles).then(function () { if (enAttente.length) setTimeout(synchroniser, 0); });
  }

  function garder(body) {
    personnes = body.personnes;
    return stockage.garderListe(personnes);
  }

  function rafraichir() {
    if (!navigator.onLine) return Promise.resolve();
    return fetch(urls.liste, { credentials: "same-origin" })
      .then(function (response) {
        injoignable = false;
        return response.ok && !response.redirected ? response.json() : null;
      }, function () { injoignableDesormais(); annoncer(); })
      .then(function (body) { if (body) { garder(body); afficher(); } })
      .catch(function () { /* keep what was loaded */ });
  }

  function injoignableDesormais() {
    injoignable = true;
    reessayer();
  }

  /** Soon, once: the browser may never say that the network is back (it never said it left). */
  function reessayer() {
    if (essai) return;
    essai = setTimeout(function () { essai = null; synchroniser(); }, NOUVEL_ESSAI);
  }

  // --- Wiring: the page's own forms, taken over before htmx sees them --------------------------

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.matches("#resultats form[data-pointer]")) pointer(form);
    else if (form.closest(".accueil-sur-place")) ajouterSurPlace(form);
    else if (form.matches(".accueil-recherche")) afficher();
    else return;
    event.preventDefault();
    event.stopPropagation();
  }, true);

  search.addEventListener("input", function (event) {
    event.stopImmediatePropagation();
    afficher();
  }, true);

  window.addEventListener("online", function () { synchroniser(); });
  window.addEventListener("offline", annoncer);
  setInterval(function () { if (navigator.onLine) synchroniser(); }, PERIODE);

  window.pointage = { scanne: scanne };

  /** A code read by the camera (or typed): the person it belongs to is ticked and named. */
  function scanne(texte) {
    const code = texte.trim().toUpperCase().replace(/[^0-9A-Z]/g, "");
    const row = effectives().find(function (r) { return r.code && r.code === code; });
    const out = document.getElementById("scan-resultat");
    if (!row) {
      out.textContent = "Code inconnu pour cet atelier : vérifiez que la personne est inscrite à celui-ci.";
      return Promise.resolve(null);
    }
    const qui = row.nom + (row.qui ? " (" + row.qui + ")" : "");
    if (row.present) {
      out.textContent = "✓ " + qui + " était déjà pointé·e présent·e.";
      return Promise.resolve(row);
    }
    out.textContent = "✓ " + qui + " est pointé·e présent·e.";
    return agir({ genre: "presence", inscription: row.id }).then(function () { return row; });
  }

  Promise.all([stockage.liste(), stockage.actions()]).then(function ([rows, actions]) {
    if (rows) personnes = rows;
    enAttente = actions || [];
    if (rows) afficher();
    return synchroniser();
  });

  if ("serviceWorker" in navigator && urls.sw) {
    navigator.serviceWorker.register(urls.sw).catch(function () { /* the page works without it */ });
  }
})();
