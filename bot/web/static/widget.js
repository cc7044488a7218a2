/*
 * Partnerskabsguiden chat widget: plain JavaScript, no framework, no inline
 * script or style (works under a strict Content-Security-Policy).
 *
 * Embed with one line:
 *   <script src="https://…/static/widget.js" data-bot-url="https://…" data-lang="da" defer></script>
 * Options (data-*): bot-url (required), lang (da|en; default: the page's lang),
 * title, position (right|left), color (a CSS colour for the launcher and header),
 * history-url (default: <widget origin>/api/history).
 *
 * Bot and user text is always inserted as text, never as HTML. Links are made
 * only for https:, mailto:, tel: and this project's own plan links.
 *
 * Bot messages may use a small markup subset, turned into DOM nodes (never
 * innerHTML; anything else stays literal text):
 *   blank line         a new paragraph; a single line break stays a line break
 *   "- " or "• "       at the start of a line: a bullet list item
 *   "1. "              at the start of a line: a numbered list item
 *   **text**           bold (a label), within one line
 *   [label](url)       a link, only for the addresses above; else literal text
 *   bare addresses     links, as above
 * Structured parts of a message: buttons (quick replies), custom.links (link
 * buttons: {url, label}, e.g. the plan), answer_id and rateable (thumbs only on
 * rateable answers; the rating names the answer_id).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.dataset.botUrl) {
    return;
  }
  var STRINGS = {
    da: {
      launcher: "Chat med Partnerskabsguiden",
      title: "Partnerskabsguiden",
      close: "Luk chatten",
      restart: "Ny samtale",
      log: "Samtale med Partnerskabsguiden",
      input: "Skriv dit spørgsmål",
      placeholder: "Skriv her …",
      send: "Send",
      typing: "Partnerskabsguiden skriver …",
      options: "Svarmuligheder",
      helpful: "Var svaret nyttigt?",
      up: "Ja",
      down: "Nej",
      thanks: "Tak for din vurdering.",
      newTab: "(åbner i en ny fane)",
      error: "Beklager, der er ingen forbindelse til Partnerskabsguiden lige nu. Prøv igen om lidt.",
      you: "Du skrev:",
      bot: "Partnerskabsguiden:",
      intro: "Hej! Spørg mig om idékataloget om sociale partnerskaber med virksomheder.",
    },
    en: {
      launcher: "Chat with Partnerskabsguiden",
      title: "Partnerskabsguiden",
      close: "Close the chat",
      restart: "New conversation",
      log: "Conversation with Partnerskabsguiden",
      input: "Type your question",
      placeholder: "Type here …",
      send: "Send",
      typing: "Partnerskabsguiden is typing …",
      options: "Reply options",
      helpful: "Was this answer helpful?",
      up: "Yes",
      down: "No",
      thanks: "Thank you for your rating.",
      newTab: "(opens in a new tab)",
      error: "Sorry, Partnerskabsguiden cannot be reached just now. Please try again shortly.",
      you: "You wrote:",
      bot: "Partnerskabsguiden:",
      intro: "Hi! Ask me about the idea catalogue on social partnerships with companies.",
    },
  };

  var data = script.dataset;
  var pageLang = (data.lang || document.documentElement.lang || "da").slice(0, 2).toLowerCase();
  var uiLang = STRINGS[pageLang] ? pageLang : "da";
  var t = STRINGS[uiLang];
  var botUrl = data.botUrl.replace(/\/+$/, "");
  var scriptOrigin = new URL(script.src, document.baseURI).origin;
  var historyUrl = data.historyUrl || scriptOrigin + "/api/history";
  var STORAGE_KEY = "partnerskabsguiden.sender";
  var MAX_CHARS = 1000;
  var conversationLang = uiLang;
  var busy = false;

  function senderId(renew) {
    var id = null;
    try {
      id = renew ? null : window.sessionStorage.getItem(STORAGE_KEY);
      if (!id) {
        id = window.crypto.randomUUID();
        window.sessionStorage.setItem(STORAGE_KEY, id);
      }
    } catch (e) {
      id = id || window.crypto.randomUUID();
    }
    return id;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  // Links: only https:, mailto:, tel: and this project's plan links. A plan link
  // is ours when it is on the widget's (or the page's) origin, or when both are
  // loopback names for the same port (localhost vs 127.0.0.1).
  var LINK = /(https?:\/\/[^\s<>"']+|mailto:[^\s<>"']+|tel:\+?[0-9 ]+[0-9])/g;
  var LOOPBACK = { "localhost": 1, "127.0.0.1": 1, "[::1]": 1 };
  var scriptUrl = new URL(script.src, document.baseURI);
  function sameServer(url) {
    if (url.origin === scriptOrigin || url.origin === window.location.origin) {
      return true;
    }
    return !!(LOOPBACK[url.hostname] && LOOPBACK[scriptUrl.hostname] && url.port === scriptUrl.port);
  }
  function safeHref(candidate) {
    var url;
    try {
      url = new URL(String(candidate).replace(/[.,;:)]+$/, ""));
    } catch (e) {
      return null;
    }
    if (url.protocol === "https:" || url.protocol === "mailto:" || url.protocol === "tel:") {
      return url.href;
    }
    if (url.protocol === "http:" && url.pathname.indexOf("/plan/") === 0 && sameServer(url)) {
      return url.href;
    }
    return null;
  }

  function appendText(parent, text) {
    var last = 0;
    text.replace(LINK, function (match, _group, offset) {
      var href = safeHref(match);
      if (!href) {
        return match;
      }
      var trimmed = match.replace(/[.,;:)]+$/, "");
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var a = el("a", { href: href, rel: "noopener noreferrer" }, trimmed);
      parent.appendChild(a);
      last = offset + trimmed.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // ---- light markup (bot messages only; see the top of this file) -----------------
  var INLINE = /\*\*([^*\n]{1,300}?)\*\*|\[([^\]\n]{1,200})\]\(([^()\s]{1,2000})\)/g;
  function appendInline(parent, text) {
    var last = 0;
    var match;
    INLINE.lastIndex = 0;
    while ((match = INLINE.exec(text)) !== null) {
      var href = match[1] === undefined ? safeHref(match[3]) : null;
      if (match[1] === undefined && !href) {
        continue; // not a link we make: the text stays as written
      }
      appendText(parent, text.slice(last, match.index));
      if (match[1] !== undefined) {
        var strong = el("strong");
        appendText(strong, match[1]);
        parent.appendChild(strong);
      } else {
        parent.appendChild(el("a", { href: href, rel: "noopener noreferrer" }, match[2]));
      }
      last = match.index + match[0].length;
    }
    appendText(parent, text.slice(last));
  }

  var BULLET = /^(?:- |• )(.*)$/;
  var NUMBERED = /^([0-9]{1,2})\. (.*)$/;
  function appendRich(parent, text) {
    String(text).split(/\n[ \t]*\n+/).forEach(function (block) {
      var list = null;
      var para = null;
      block.split("\n").forEach(function (line) {
        var bullet = BULLET.exec(line);
        var numbered = bullet ? null : NUMBERED.exec(line);
        if (bullet || numbered) {
          var tag = bullet ? "ul" : "ol";
          if (!list || list.tagName.toLowerCase() !== tag) {
            list = el(tag);
            parent.appendChild(list);
          }
          var item = el("li", numbered ? { value: numbered[1] } : {});
          appendInline(item, bullet ? bullet[1] : numbered[2]);
          list.appendChild(item);
          para = null;
          return;
        }
        list = null;
        if (para) {
          para.appendChild(el("br"));
        } else {
          para = el("p");
          parent.appendChild(para);
        }
        appendInline(para, line);
      });
    });
  }

  // ---- the DOM ---------------------------------------------------------------
  var root = el("div", { class: "pg-widget pg-" + (data.position === "left" ? "left" : "right"), lang: uiLang });
  if (data.color) {
    root.style.setProperty("--pg-primary", data.color);
  }
  var launcher = el("button", {
    type: "button",
    class: "pg-launcher",
    "aria-expanded": "false",
    "aria-controls": "pg-panel",
  }, t.launcher);
  var panel = el("section", { id: "pg-panel", class: "pg-panel", "aria-labelledby": "pg-title", hidden: "" });
  var header = el("div", { class: "pg-header" });
  var title = el("h2", { id: "pg-title", class: "pg-title" }, data.title || t.title);
  var restart = el("button", { type: "button", class: "pg-restart" }, t.restart);
  var close = el("button", { type: "button", class: "pg-close", "aria-label": t.close }, "×");
  header.appendChild(title);
  header.appendChild(restart);
  header.appendChild(close);
  var log = el("div", {
    class: "pg-log",
    role: "log",
    "aria-live": "polite",
    "aria-relevant": "additions",
    "aria-label": t.log,
    tabindex: "0",
  });
  var status = el("div", { class: "pg-status", role: "status" });
  var form = el("form", { class: "pg-form" });
  var label = el("label", { for: "pg-input", class: "pg-visually-hidden" }, t.input);
  var input = el("input", {
    id: "pg-input",
    type: "text",
    autocomplete: "off",
    maxlength: String(MAX_CHARS),
    placeholder: t.placeholder,
  });
  var send = el("button", { type: "submit", class: "pg-send" }, t.send);
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(status);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(launcher);

  // ---- messages ----------------------------------------------------------------
  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function addUser(text) {
    var item = el("div", { class: "pg-msg pg-user" });
    item.appendChild(el("span", { class: "pg-visually-hidden" }, t.you + " "));
    var body = el("p", { class: "pg-text" });
    appendText(body, text);
    item.appendChild(body);
    log.appendChild(item);
    scrollDown();
  }

  function feedbackGroup(answerId) {
    var group = el("div", { class: "pg-feedback", role: "group", "aria-label": t.helpful });
    group.appendChild(el("span", { class: "pg-feedback-label", "aria-hidden": "true" }, t.helpful));
    ["up", "down"].forEach(function (value) {
      var button = el("button", {
        type: "button",
        class: "pg-thumb pg-thumb-" + value,
        "aria-pressed": "false",
      }, t[value]);
      button.addEventListener("click", function () {
        group.querySelectorAll("button").forEach(function (b) {
          b.setAttribute("aria-pressed", b === button ? "true" : "false");
        });
        post({ feedback: value, answer: String(answerId) }, true).catch(function () {
          return null; // a rating is a courtesy: no error message for it
        });
        status.textContent = t.thanks;
      });
      group.appendChild(button);
    });
    return group;
  }

  // Link buttons from a message's custom payload ({"links": [{url, label}]}), e.g.
  // the plan; only addresses safeHref accepts, opened in a new tab.
  function linkGroup(custom) {
    var links = custom && Array.isArray(custom.links) ? custom.links : [];
    var group = el("div", { class: "pg-links" });
    links.forEach(function (link) {
      var href = link && typeof link.label === "string" && link.label ? safeHref(link.url) : null;
      if (!href) {
        return;
      }
      var attrs = { href: href, class: "pg-link-button", target: "_blank", rel: "noopener noreferrer" };
      if (/\.md$/.test(new URL(href).pathname)) {
        attrs.download = "";
      }
      var a = el("a", attrs, link.label);
      a.appendChild(el("span", { class: "pg-visually-hidden" }, " " + t.newTab));
      group.appendChild(a);
    });
    return group.childNodes.length ? group : null;
  }

  function addBot(message, withFeedback) {
    var item = el("div", { class: "pg-msg pg-bot", lang: message.lang === "en" ? "en" : "da" });
    item.appendChild(el("span", { class: "pg-visually-hidden" }, t.bot + " "));
    if (message.text) {
      var body = el("div", { class: "pg-text" });
      appendRich(body, String(message.text));
      item.appendChild(body);
    }
    var links = linkGroup(message.custom);
    if (links) {
      item.appendChild(links);
    }
    if (Array.isArray(message.buttons) && message.buttons.length) {
      var group = el("div", { class: "pg-options", role: "group", "aria-label": t.options });
      message.buttons.forEach(function (b) {
        if (!b || typeof b.title !== "string" || typeof b.payload !== "string") {
          return;
        }
        var button = el("button", { type: "button", class: "pg-option" }, b.title);
        button.addEventListener("click", function () {
          ask(b.payload, b.title);
        });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    // Thumbs only on answers the channel marks rateable (not on fallbacks, "not
    // covered", questions, small talk or fault replies), live and restored alike.
    if (withFeedback && message.rateable === true && typeof message.answer_id === "string" && message.answer_id) {
      item.appendChild(feedbackGroup(message.answer_id));
    }
    log.appendChild(item);
    scrollDown();
  }

  function addNotice(text) {
    var item = el("div", { class: "pg-msg pg-bot pg-error" });
    item.appendChild(el("p", { class: "pg-text" }, text));
    log.appendChild(item);
    scrollDown();
  }

  // The widget's own texts follow the conversation: English when the page or the
  // user's language is English.
  function applyStrings(lang) {
    if (!STRINGS[lang] || lang === uiLang) {
      return;
    }
    uiLang = lang;
    t = STRINGS[lang];
    root.setAttribute("lang", lang);
    launcher.textContent = t.launcher;
    close.setAttribute("aria-label", t.close);
    restart.textContent = t.restart;
    log.setAttribute("aria-label", t.log);
    label.textContent = t.input;
    input.setAttribute("placeholder", t.placeholder);
    send.textContent = t.send;
  }

  // ---- talking to the assistant -------------------------------------------------------
  // Any failure (no connection while the assistant restarts, 5xx, 429, a reply
  // that is not a list, no answer within 30 s) ends in the polite t.error notice.
  function post(extra, silent) {
    var message = silent ? "/feedback" + JSON.stringify(extra) : extra;
    var abort = window.AbortController ? new AbortController() : null;
    var timer = abort ? setTimeout(function () { abort.abort(); }, 30000) : null;
    return fetch(botUrl + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: senderId(false), message: message, metadata: { language: conversationLang } }),
      signal: abort ? abort.signal : undefined,
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    }).then(function (messages) {
      if (!Array.isArray(messages)) {
        throw new Error("unexpected reply");
      }
      return messages;
    }).finally(function () {
      if (timer) {
        clearTimeout(timer);
      }
    });
  }

  function ask(message, shown) {
    if (busy || !message.trim()) {
      return;
    }
    busy = true;
    addUser(shown || message);
    status.textContent = t.typing;
    status.classList.add("pg-typing");
    post(message, false)
      .then(function (messages) {
        status.textContent = "";
        status.classList.remove("pg-typing");
        (messages || []).forEach(function (m) {
          if (m && m.lang) {
            conversationLang = m.lang;
            applyStrings(m.lang);
          }
          addBot(m, true);
        });
      })
      .catch(function () {
        status.textContent = "";
        status.classList.remove("pg-typing");
        addNotice(t.error);
      })
      .then(function () {
        busy = false;
      });
  }

  function restore() {
    log.setAttribute("aria-live", "off"); // restored history is not announced again
    return fetch(historyUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: senderId(false) }),
    })
      .then(function (response) {
        return response.ok ? response.json() : { messages: [] };
      })
      .then(function (result) {
        var messages = (result && result.messages) || [];
        if (!messages.length) {
          addBot({ text: t.intro, lang: uiLang }, false);
        }
        messages.forEach(function (m) {
          if (m.from === "user") {
            addUser(String(m.text || ""));
          } else {
            addBot(m, true);
            if (m.lang) {
              conversationLang = m.lang;
              applyStrings(m.lang);
            }
          }
        });
      })
      .catch(function () {
        addBot({ text: t.intro, lang: uiLang }, false);
      })
      .then(function () {
        log.setAttribute("aria-live", "polite");
      });
  }

  // ---- opening, closing, keys --------------------------------------------------------
  var restored = false;
  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    if (!restored) {
      restored = true;
      restore();
    }
    input.focus();
  }
  function shut() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  launcher.addEventListener("click", function () {
    if (panel.hidden) {
      open();
    } else {
      shut();
    }
  });
  close.addEventListener("click", shut);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      shut();
    }
  });
  restart.addEventListener("click", function () {
    senderId(true);
    conversationLang = uiLang;
    log.textContent = "";
    addBot({ text: t.intro, lang: uiLang }, false);
    input.focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) {
      return;
    }
    input.value = "";
    ask(text.slice(0, MAX_CHARS));
  });

  function mount() {
    document.body.appendChild(root);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
