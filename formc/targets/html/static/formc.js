/* formc.js: conditional fields, repeat add/remove and validation for formc forms.
   It mirrors formc/runtime/decode.py (posted fields -> data) and formc/validator.py (data -> errors)
   step for step, reading each form's constraints, rules and messages from its JSON data block. */
(function () {
  "use strict";
  var MISS = {}, NUM = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/, WHOLE = /^[+-]?[0-9]+$/;
  var NODATE = /^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$/, STEP = /^([a-z][a-z0-9_]*)(?:\[([0-9]{1,4})\])?$/;
  /* the one set of whitespace and forbidden characters (formc/formats.py), set from the data block by use() */
  var SPACES = /[\s]+/g, TRIM = /^[\s]+|[\s]+$/g, BAD = null, BAD_LINE = null, NUMBER_TEXT = 40, MAX_ROUNDS = 64;
  function use(schema) {
    var ws = "[" + schema.ws + "]+";
    SPACES = new RegExp(ws, "g");
    TRIM = new RegExp("^" + ws + "|" + ws + "$", "g");
    BAD = new RegExp("[" + schema.bad + "]", "u");
    BAD_LINE = new RegExp("[" + schema.badl + "]", "u");
    NUMBER_TEXT = schema.nl;
    MAX_ROUNDS = schema.rounds;
  }
  var PARTS = ["street", "postal_code", "city", "country"], CONTAINERS = ["group", "repeat", "address"];
  var CHOICEY = ["choice", "multichoice", "boolean"];
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function isObj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function child(fields, id) { for (var i = 0; i < fields.length; i++) if (fields[i].i === id && fields[i].t !== "note") return fields[i]; return null; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function len(s) { return Array.from(s).length; }
  /* what the browser posts: lone surrogates become U+FFFD (the form's entry list holds scalar value strings) */
  function wellFormed(v) {
    if (v.toWellFormed) return v.toWellFormed();
    return v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|([^\ud800-\udbff]|^)[\udc00-\udfff]/g, function (m, before) {
      return before === undefined ? "\ufffd" : before + "\ufffd";
    });
  }
  var CACHE = new Map();
  function re(s) { if (!CACHE.has(s)) CACHE.set(s, new RegExp(s, "u")); return CACHE.get(s); }

  /* ---- decoding: the same steps as formc/runtime/decode.py ---- */
  function steps(name) {
    var out = [], parts = name.split(".");
    for (var i = 0; i < parts.length; i++) {
      var m = STEP.exec(parts[i]);
      if (!m) return null;
      out.push([m[1], m[2] === undefined ? null : +m[2]]);
    }
    return out;
  }
  function insert(fields, raw, st, value) {
    var id = st[0][0], index = st[0][1], rest = st.slice(1), f = child(fields, id);
    if (!f) return;
    if (f.t === "group" && index === null && rest.length) insert(f.f, raw[id] = raw[id] || {}, rest, value);
    else if (f.t === "repeat" && index !== null && rest.length) {
      var items = raw[id] = raw[id] || {};
      insert(f.f, items[index] = items[index] || {}, rest, value);
    } else if (f.t === "address" && index === null && rest.length === 1 && rest[0][1] === null && PARTS.indexOf(rest[0][0]) >= 0) {
      var a = raw[id] = raw[id] || {};
      (a[rest[0][0]] = a[rest[0][0]] || []).push(value);
    } else if (CONTAINERS.indexOf(f.t) < 0 && index === null && !rest.length) (raw[id] = raw[id] || []).push(value);
  }
  function parseNumber(text) {
    var s = text.replace(SPACES, "").replace(/\u2212/g, "-");
    if (s.indexOf(",") >= 0) s = s.replace(/\./g, "").replace(/,/g, ".");
    if (s.length > NUMBER_TEXT || !NUM.test(s)) return text;
    var n = Number(s);
    return isFinite(n) ? n : text;
  }
  function scalar(f, text) {
    var t = f.t, m;
    if (t === "integer" || t === "decimal" || t === "money") return parseNumber(text);
    if (t === "boolean") return text === "true" ? true : text === "false" ? false : text;
    if (t === "consent") return text === "true" ? true : text;
    if (t === "date") return (m = NODATE.exec(text)) ? m[3] + "-" + pad(+m[2]) + "-" + pad(+m[1]) : text;
    if (t === "national_id" || t === "org_number" || t === "postal_code" || t === "phone") return text.replace(SPACES, "");
    if (t === "bank_account") { var c = text.replace(SPACES, ""); return f.c === "iban" ? c.toUpperCase() : c.replace(/\./g, ""); }
    return text;
  }
  function clean(v) { return typeof v === "string" ? v.replace(/\r\n/g, "\n").replace(TRIM, "") : ""; }
  function fieldValue(f, raw, slots) {
    var t = f.t, out;
    if (t === "group") { out = object(f.f, raw, slots); return Object.keys(out).length ? out : MISS; }
    if (t === "repeat") {
      out = [];
      Object.keys(raw).map(Number).sort(function (a, b) { return a - b; }).forEach(function (k) {
        var item = object(f.f, raw[k], slots);
        if (Object.keys(item).length) { slots.set(item, k); out.push(item); }
      });
      return out.length ? out : MISS;
    }
    if (t === "address") {
      out = {};
      PARTS.forEach(function (p) {
        var text = (raw[p] || []).map(clean).filter(Boolean)[0];
        if (text) out[p] = p === "postal_code" ? text.replace(SPACES, "") : p === "country" ? text.replace(SPACES, "").toUpperCase() : text;
      });
      return Object.keys(out).length ? out : MISS;
    }
    if (t === "file") { out = raw.filter(function (v) { return isObj(v) && v.filename; }); return out.length ? out : MISS; }
    var texts = raw.map(clean).filter(Boolean);
    if (t === "multichoice") return texts.length ? texts : MISS;
    return texts.length ? scalar(f, texts[0]) : MISS;
  }
  function object(fields, raw, slots) {
    var data = {};
    fields.forEach(function (f) {
      if (f.t !== "note" && has(raw, f.i)) { var v = fieldValue(f, raw[f.i], slots); if (v !== MISS) data[f.i] = v; }
    });
    return data;
  }
  /* visibility to a fixed point: the same steps as formc/visibility.py */
  function prune(fields, o, hidden, twins) {
    var out = {};
    twins.set(o, out);
    Object.keys(o).forEach(function (k) {
      var f = child(fields, k), v = o[k];
      if (!f) { out[k] = v; return; }
      if (hidden.has(o) && hidden.get(o).has(k)) return;
      if (f.t === "group" && isObj(v)) {
        var inner = prune(f.f, v, hidden, twins);
        if (Object.keys(inner).length || !Object.keys(v).length) out[k] = inner;
      } else if (f.t === "repeat" && Array.isArray(v)) {
        var kept = [];
        v.forEach(function (item) {
          var p = isObj(item) ? prune(f.f, item, hidden, twins) : item;
          if (!isObj(item) || Object.keys(p).length || !Object.keys(item).length) kept.push(p);
        });
        if (kept.length || !v.length) out[k] = kept;
      } else out[k] = v;
    });
    return out;
  }
  function judge(fields, o, stack, twins, today, found) {
    fields.forEach(function (f) {
      if (f.t === "note" || !has(o, f.i)) return;
      if (f.v && !evaluate(f.v, stack, today)) { if (!found.has(o)) found.set(o, new Set()); found.get(o).add(f.i); return; }
      var v = o[f.i];
      if (f.t === "group" && isObj(v)) judge(f.f, v, stack.concat([twins.get(v) || {}]), twins, today, found);
      else if (f.t === "repeat" && Array.isArray(v)) v.forEach(function (item) {
        if (isObj(item)) judge(f.f, item, stack.concat([twins.get(item) || {}]), twins, today, found);
      });
    });
  }
  function same(a, b) {
    if (a.size !== b.size) return false;
    var equal = true;
    a.forEach(function (keys, o) {
      var other = b.get(o);
      if (!other || other.size !== keys.size) equal = false;
      else keys.forEach(function (k) { if (!other.has(k)) equal = false; });
    });
    return equal;
  }
  function settle(fields, data, today) {
    var hidden = new Map(), twins, pruned;
    for (var round = 0; round < MAX_ROUNDS; round++) {
      twins = new Map();
      pruned = prune(fields, data, hidden, twins);
      var found = new Map();
      judge(fields, data, [pruned], twins, today, found);
      if (same(found, hidden)) return { data: pruned, twins: twins };
      hidden = found;
    }
    twins = new Map();
    return { data: prune(fields, data, hidden, twins), twins: twins };
  }
  function decode(schema, pairs, today, slots) {
    var raw = {};
    pairs.forEach(function (p) { var st = typeof p[0] === "string" && p[0].length <= 1000 && steps(p[0]); if (st) insert(schema.fields, raw, st, p[1]); });
    var data = object(schema.fields, raw, slots), settled = settle(schema.fields, data, today);
    /* pruned copies stand for the decoded objects: keep each repeat item's slot */
    settled.twins.forEach(function (copy, original) { if (slots.has(original)) slots.set(copy, slots.get(original)); });
    return settled.data;
  }

  /* ---- expressions: the same semantics as formc/expressions/evaluate.py ---- */
  function lookup(ref, stack) {
    var i = stack.length - 1 - ref.up;
    if (i < 0) return MISS;
    var v = stack[i];
    for (var k = 0; k < ref.steps.length; k++) {
      if (!isObj(v) || !has(v, ref.steps[k])) return MISS;
      v = v[ref.steps[k]];
    }
    return v;
  }
  function value(e, stack, today) {
    if (has(e, "lit")) return e.lit;
    if (has(e, "ref")) return lookup(e.ref, stack);
    if (e.today) return today;
    if (e.call) { var v = lookup(e.arg.ref, stack); return e.call === "answered" ? v !== MISS : Array.isArray(v) ? v.length : 0; }
    return evaluate(e, stack, today);
  }
  function compare(op, a, b) {
    if (a === MISS || b === MISS) return false;
    if (Array.isArray(a) && !Array.isArray(b)) return op === "==" ? a.indexOf(b) >= 0 : op === "!=" ? a.indexOf(b) < 0 : false;
    if ((typeof a === "boolean") !== (typeof b === "boolean")) return false;
    if (typeof a !== typeof b || typeof a === "object") {
      var same = JSON.stringify(a) === JSON.stringify(b);
      return op === "==" ? same : op === "!=" ? !same : false;
    }
    return op === "==" ? a === b : op === "!=" ? a !== b : op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
  }
  function evaluate(e, stack, today) {
    if (e.op === "and") return e.items.every(function (i) { return evaluate(i, stack, today); });
    if (e.op === "or") return e.items.some(function (i) { return evaluate(i, stack, today); });
    if (e.op === "not") return !evaluate(e.item, stack, today);
    if (e.op === "in") {
      var l = value(e.left, stack, today);
      return e.values.some(function (v) { return compare("==", l, value(v, stack, today)); });
    }
    if (e.op) {
      var a = value(e.left, stack, today), b = value(e.right, stack, today);
      if (Array.isArray(b) && !Array.isArray(a)) { var x = a; a = b; b = x; }
      return compare(e.op, a, b);
    }
    return value(e, stack, today) === true;
  }

  /* ---- check digits: the same as formc/checkdigits.py ---- */
  function mod11(d, w) {
    var s = 0;
    for (var i = 0; i < w.length; i++) s += +d[i] * w[i];
    var c = 11 - s % 11;
    return c === 11 ? 0 : c === 10 ? null : c;
  }
  function realDay(y, m, d) { return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate(); }
  var CHECKS = {
    national_id: function (v) {
      var d = +v.slice(0, 2), m = +v.slice(2, 4);
      if (d > 40) d -= 40;
      if (m > 40) m -= 40;
      if (!realDay(m === 2 && d === 29 ? 2000 : 2001, m, d)) return false;
      var k1 = mod11(v, [3, 7, 6, 1, 8, 9, 4, 5, 2]), k2 = mod11(v, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
      return k1 === +v[9] && k2 === +v[10];
    },
    cpr: function (v) { return realDay(2000 + +v.slice(4, 6), +v.slice(2, 4), +v.slice(0, 2)); },
    org_number: function (v) { return mod11(v, [3, 2, 7, 6, 5, 4, 3, 2]) === +v[8]; },
    cvr: function (v) {
      var s = 0, w = [2, 7, 6, 5, 4, 3, 2, 1];
      for (var i = 0; i < 8; i++) s += +v[i] * w[i];
      return v[0] !== "0" && s % 11 === 0;
    },
    bank_account: function (v) { return mod11(v, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) === +v[10]; },
    iban: function (v) {
      if (v.length < 15 || v.length > 34) return false;
      var r = 0, s = v.slice(4) + v.slice(0, 4);
      for (var i = 0; i < s.length; i++) {
        var n = parseInt(s[i], 36).toString();
        for (var j = 0; j < n.length; j++) r = (r * 10 + +n[j]) % 97;
      }
      return r === 1;
    }
  };

  /* ---- validation: the same checks, in the same order, as formc/validator.py ---- */
  function decimals(n) {
    if (Number.isInteger(n)) return 0;
    var t = String(n).toLowerCase().split("e"), p = t[0].split(".")[1] || "";
    return Math.max(0, p.length - (t[1] ? +t[1] : 0));
  }
  function daysIn(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }
  function bound(b, today) {
    if (b.f) return b.f;
    var t = today.split("-").map(Number), idx = t[0] * 12 + t[1] - 1 + b.s * (b.y * 12 + b.m);
    var y = Math.floor(idx / 12), m = idx % 12 + 1, d = Math.min(t[2], daysIn(y, m));
    var date = new Date(Date.UTC(y, m - 1, d + b.s * b.d));
    return ("000" + date.getUTCFullYear()).slice(-4) + "-" + pad(date.getUTCMonth() + 1) + "-" + pad(date.getUTCDate());
  }
  function Run(schema, today, twins) { this.s = schema; this.today = today; this.twins = twins; this.errors = []; }
  Run.prototype.inner = function (stack, o) { return stack.concat([this.twins.get(o) || {}]); };
  Run.prototype.clean = function (f, v, here, singleLine) {
    if (!BAD.test(v) && !(singleLine && BAD_LINE.test(v))) return true;
    this.add(here, f, "characters");
    return false;
  };
  Run.prototype.add = function (ptr, f, key, slots) {
    var vars = slots || {};
    vars.label = f.l;
    this.errors.push({ p: ptr, m: this.s.msg[key].replace(/\{(\w+)\}/g, function (_, k) { return vars[k]; }) });
  };
  Run.prototype.object = function (fields, o, stack, ptr) {
    var self = this;
    fields.forEach(function (f) {
      if (f.t === "note") return;
      var here = ptr + "/" + f.i, present = has(o, f.i);
      if (f.v && !evaluate(f.v, stack, self.today)) { if (present) self.add(here, f, "hidden"); return; }
      if (!present) {
        var needed = f.q && (!f.qi || evaluate(f.qi, stack, self.today));
        if (f.t === "group" && (needed || !f.opt)) self.absentGroup(f, needed, stack, here);
        else if (needed) self.add(here, f, CHOICEY.indexOf(f.t) >= 0 ? "required_choice" : f.t === "consent" ? "consent" : f.t === "file" ? "required_file" : "required");
        return;
      }
      self.value(f, o[f.i], stack, here);
    });
  };
  /* an unanswered group that must be there: its fields' own errors, all in one round (else "required") */
  Run.prototype.absentGroup = function (f, needed, stack, here) {
    var before = this.errors.length;
    this.object(f.f, {}, stack.concat([{}]), here);
    if (needed && this.errors.length === before) this.add(here, f, "required");
  };
  Run.prototype.value = function (f, v, stack, here) {
    var t = f.t, s = this.s;
    if (v === null || v === "" || (Array.isArray(v) && !v.length) || (isObj(v) && !Object.keys(v).length)) return this.add(here, f, "empty");
    if (t === "text" || t === "textarea") {
      if (typeof v !== "string") return this.add(here, f, "type");
      if (!this.clean(f, v, here, t === "text")) return;
      if (f.mn != null && len(v) < f.mn) this.add(here, f, "min_length", { min: f.mn });
      if (f.mx != null && len(v) > f.mx) return this.add(here, f, "max_length", { max: f.mx });
      if (f.re && !re(f.re).test(v)) {
        if (f.pm) this.errors.push({ p: here, m: f.pm }); else this.add(here, f, "pattern");
      }
    } else if (t === "integer" || t === "decimal" || t === "money") {
      if (typeof v !== "number" || !isFinite(v) || (t === "integer" && !Number.isInteger(v))) return this.add(here, f, t === "integer" ? "integer" : "number");
      if (f.lo != null && v < f.lo) this.add(here, f, "minimum", { min: f.los });
      if (f.hi != null && v > f.hi) this.add(here, f, "maximum", { max: f.his });
      if (f.dp != null && decimals(v) > f.dp) this.add(here, f, "decimals", { decimals: f.dp });
    } else if (t === "boolean") {
      if (typeof v !== "boolean") this.add(here, f, "boolean");
    } else if (t === "consent") {
      if (v !== true) this.add(here, f, "consent");
    } else if (t === "date") this.date(f, v, here);
    else if (t === "time") {
      if (typeof v !== "string" || !re(s.re.time).test(v)) return this.add(here, f, "time");
      if (f.tmin != null && v < f.tmin) this.add(here, f, "time_min", { min: f.tmin });
      if (f.tmax != null && v > f.tmax) this.add(here, f, "time_max", { max: f.tmax });
    } else if (t === "email" || t === "url" || t === "phone") {
      if (typeof v === "string" && ((len(v) > 254 && t === "email") || len(v) > 2000)) this.add(here, f, "max_length", { max: t === "email" ? 254 : 2000 });
      else if (typeof v !== "string" || BAD.test(v) || !re(f.s).test(v)) this.add(here, f, t);
    } else if (t === "choice") {
      if (typeof v !== "string" || f.o.indexOf(v) < 0) this.add(here, f, "option");
    } else if (t === "multichoice") {
      if (!Array.isArray(v)) return this.add(here, f, "option");
      var self = this;
      v.forEach(function (x, i) { if (typeof x !== "string" || f.o.indexOf(x) < 0) self.add(here + "/" + i, f, "option"); });
      if (new Set(v).size !== v.length) this.add(here, f, "unique");
      this.items(f, v, here);
    } else if (t === "national_id" || t === "org_number" || t === "postal_code" || t === "bank_account") {
      if (typeof v !== "string" || !re(f.s).test(v)) return this.add(here, f, f.sm);
      if (f.ck && !CHECKS[f.ck](v)) this.add(here, f, f.ck);
    } else if (t === "file") this.files(f, v, here);
    else if (t === "address") this.address(f, v, here);
    else if (t === "group") {
      if (!isObj(v)) return this.add(here, f, "object");
      this.object(f.f, v, this.inner(stack, v), here);
    } else if (t === "repeat") {
      if (!Array.isArray(v)) return this.add(here, f, "object");
      this.items(f, v, here);
      for (var i = 0; i < v.length; i++) {
        if (!isObj(v[i])) this.add(here + "/" + i, f, "object");
        else this.object(f.f, v[i], this.inner(stack, v[i]), here + "/" + i);
      }
    }
  };
  Run.prototype.items = function (f, v, here) {
    if (f.ni != null && v.length < f.ni) this.add(here, f, "min_items", { min: f.ni });
    if (f.xi != null && v.length > f.xi) this.add(here, f, "max_items", { max: f.xi });
  };
  Run.prototype.date = function (f, v, here) {
    if (typeof v !== "string" || !re(this.s.re.date).test(v)) return this.add(here, f, "date");
    /* the date pattern admits real dates only (formats.DATE) */
    var self = this;
    [["dmin", "date_min", "min", -1], ["dmax", "date_max", "max", 1]].forEach(function (k) {
      if (!f[k[0]]) return;
      var b = bound(f[k[0]], self.today), slot = {};
      if (k[3] < 0 ? v < b : v > b) { slot[k[2]] = self.show(b); self.add(here, f, k[1], slot); }
    });
  };
  Run.prototype.show = function (d) { return this.s.nd ? d.split("-").reverse().join(".") : d; };
  Run.prototype.files = function (f, v, here) {
    if (!Array.isArray(v)) return this.add(here, f, "file");
    this.items(f, v, here);
    var s = this.s, self = this;
    v.forEach(function (x, i) {
      var at = here + "/" + i;
      if (!isObj(x) || Object.keys(x).sort().join() !== "filename,media_type,sha256,size") return self.add(at, f, "file");
      if (typeof x.filename !== "string" || len(x.filename) < 1 || len(x.filename) > 255 || BAD_LINE.test(x.filename) ||
        BAD.test(x.filename) || typeof x.sha256 !== "string" || !re(s.re.sha).test(x.sha256) || !Number.isInteger(x.size) ||
        x.size < 0 || x.size > Number.MAX_SAFE_INTEGER) return self.add(at, f, "file");
      var ok = !f.ac || !f.ac.length || f.ac.some(function (a) { return x.media_type === a || (/\/\*$/.test(a) && x.media_type.indexOf(a.slice(0, -1)) === 0); });
      if (typeof x.media_type !== "string" || !re(s.re.media).test(x.media_type) || !ok) self.add(at + "/media_type", f, "file_type");
      if (f.sz != null && x.size > f.sz) self.add(at + "/size", f, "file_size", { max: f.sz });
    });
  };
  Run.prototype.address = function (f, v, here) {
    if (!isObj(v)) return this.add(here, f, "object");
    var self = this, s = this.s, country = v.country;
    ["street", "postal_code", "city"].forEach(function (k) { if (!has(v, k)) self.add(here + "/" + k, f, "required"); });
    ["street", "city"].forEach(function (k) {
      if (has(v, k) && (typeof v[k] !== "string" || len(v[k]) < 1 || len(v[k]) > 200)) self.add(here + "/" + k, f, "object");
      else if (has(v, k)) self.clean(f, v[k], here + "/" + k, true);
    });
    if (has(v, "country") && (typeof country !== "string" || !re(s.re.country).test(country))) this.add(here + "/country", f, "object");
    if (has(v, "postal_code")) {
      var domestic = country === undefined || country === f.c, pattern = domestic ? f.s : s.re.foreign;
      if (typeof v.postal_code !== "string" || !re(pattern).test(v.postal_code)) this.add(here + "/postal_code", f, "postal_code");
    }
  };
  Run.prototype.rules = function (data) {
    var self = this, stack = [this.twins.get(data) || data];
    this.s.rules.forEach(function (r) {
      if (r.r.some(function (ref) { return lookup(ref, stack) === MISS; })) return;
      if (!evaluate(r.c, stack, self.today)) self.errors.push({ p: r.p, m: r.m });
    });
  };
  function validate(schema, data, today) {
    var run = new Run(schema, today, settle(schema.fields, data, today).twins);
    run.object(schema.fields, data, run.inner([], data), "");
    if (!run.errors.length) run.rules(data);
    return run.errors;
  }

  /* ---- the page ---- */
  function Form(el) {
    this.el = el;
    this.s = JSON.parse(el.querySelector("script.formc-data").textContent);
    use(this.s);
    this.summary = el.querySelector(".formc-error-summary");
    this.submitted = false;
    el.classList.add("formc-js");
    var self = this;
    el.querySelectorAll("[data-formc-slot]").forEach(function (slot) {
      slot.querySelector(".formc-remove").addEventListener("click", function () { self.remove(slot); });
    });
    el.querySelectorAll(".formc-add").forEach(function (b) { b.addEventListener("click", function () { self.add(b); }); });
    el.querySelectorAll(".formc-add").forEach(function (b) {
      var slots = self.slotsOf(b.parentNode), used = 0, min = +b.parentNode.getAttribute("data-formc-min");
      slots.forEach(function (s, i) { if (self.filled(s)) used = i + 1; });
      self.setCount(b.parentNode, Math.max(used, min, 1));
    });
    el.addEventListener("input", function () { self.refresh(); });
    el.addEventListener("change", function () { self.refresh(); });
    el.addEventListener("focusout", function (ev) {
      var s = self.summary;
      if (self.submitted && !s.contains(ev.target) && !(ev.relatedTarget && s.contains(ev.relatedTarget))) self.check(false);
    });
    el.addEventListener("submit", function (ev) {
      self.submitted = true;
      if (self.check(true).length) ev.preventDefault();
    });
    this.refresh();
    if (!this.summary.hidden) { this.submitted = true; this.summary.focus(); } /* a server showed the form again with errors */
  }
  /* today in the project's time zone (form.timezone), as the server computes it, whatever the browser's zone */
  Form.prototype.today = function () {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", { timeZone: this.s.tz, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  };
  Form.prototype.slotsOf = function (repeat) {
    return Array.prototype.filter.call(repeat.children, function (c) { return c.hasAttribute("data-formc-slot"); });
  };
  Form.prototype.controls = function (root) {
    return Array.prototype.filter.call(root.querySelectorAll("input,select,textarea"), function (c) { return c.name; });
  };
  Form.prototype.filled = function (slot) {
    return this.controls(slot).some(function (c) {
      return c.type === "radio" || c.type === "checkbox" ? c.checked : c.type === "file" ? c.files.length : c.value.trim() !== "";
    });
  };
  Form.prototype.setCount = function (repeat, n) {
    var slots = this.slotsOf(repeat), min = +repeat.getAttribute("data-formc-min");
    slots.forEach(function (s, i) {
      s.hidden = i >= n;
      s.classList.toggle("formc-unused", i >= n);
      s.querySelector(".formc-remove").hidden = n <= min;
    });
    repeat.querySelector(":scope > .formc-add").hidden = n >= slots.length;
    repeat.setAttribute("data-formc-count", n);
  };
  Form.prototype.add = function (button) {
    var repeat = button.parentNode, n = +repeat.getAttribute("data-formc-count");
    this.setCount(repeat, n + 1);
    this.refresh();
    var first = this.controls(this.slotsOf(repeat)[n])[0];
    if (first) first.focus();
  };
  Form.prototype.remove = function (slot) {
    var repeat = slot.parentNode, slots = this.slotsOf(repeat), n = +repeat.getAttribute("data-formc-count"), self = this;
    var k = slots.indexOf(slot), base = repeat.parentNode.getAttribute("data-formc-path");
    for (var j = k; j < n - 1; j++) this.copy(slots[j + 1], slots[j], base + "[" + (j + 1) + "]", base + "[" + j + "]");
    this.controls(slots[n - 1]).forEach(function (c) {
      if (c.type === "radio" || c.type === "checkbox") c.checked = false; else c.value = "";
    });
    this.setCount(repeat, n - 1);
    this.refresh();
    var next = k < n - 1 ? self.controls(slots[k])[0] : repeat.querySelector(":scope > .formc-add");
    if (next) next.focus();
  };
  Form.prototype.copy = function (from, to, fromName, toName) {
    var targets = this.controls(to);
    this.controls(from).forEach(function (c) {
      var name = toName + c.name.slice(fromName.length);
      targets.forEach(function (t) {
        if (t.name !== name) return;
        if (t.type === "radio" || t.type === "checkbox") { if (t.value === c.value) t.checked = c.checked; }
        else if (t.type === "file") t.files = c.files;
        else t.value = c.value;
      });
    });
  };
  Form.prototype.pairs = function () {
    var out = [];
    this.controls(this.el).forEach(function (c) {
      if (c.closest(".formc-unused") || c.type === "submit" || c.type === "button") return;
      if (c.hasAttribute("data-formc-upload")) { if (c.checked) out.push([c.name, JSON.parse(c.getAttribute("data-formc-upload"))]); }
      else if (c.type === "radio" || c.type === "checkbox") { if (c.checked) out.push([c.name, c.value]); }
      else if (c.type === "file") Array.prototype.forEach.call(c.files, function (file) {
        out.push([c.name, { filename: file.name, media_type: file.type, size: file.size, sha256: new Array(65).join("0") }]);
      });
      else out.push([c.name, wellFormed(c.value)]);
    });
    return out;
  };
  Form.prototype.data = function () {
    this.slots = new WeakMap();
    return decode(this.s, this.pairs(), this.today(), this.slots);
  };
  /* the objects from the data's root to the one holding the field at an instance path (placeholders where absent) */
  Form.prototype.stack = function (data, path) {
    var stack = [data], cur = data, fields = this.s.fields, parts = path.split("."), self = this;
    for (var i = 0; i < parts.length - 1; i++) {
      var st = steps(parts[i])[0], f = child(fields, st[0]), v = isObj(cur) && has(cur, st[0]) ? cur[st[0]] : undefined;
      if (f.t === "repeat") v = (Array.isArray(v) ? v : []).filter(function (item) { return self.slots.get(item) === st[1]; })[0];
      cur = isObj(v) ? v : {};
      stack.push(cur);
      fields = f.f;
    }
    return { stack: stack, field: fields.filter(function (f) { return f.i === steps(parts[parts.length - 1])[0][0]; })[0] };
  };
  Form.prototype.refresh = function () {
    var data = this.data(), self = this;
    this.el.querySelectorAll("[data-formc-cond]").forEach(function (w) {
      var at = self.stack(data, w.getAttribute("data-formc-path"));
      w.hidden = !evaluate(at.field.v, at.stack, self.today());
    });
    this.controls(this.el).forEach(function (c) { c.disabled = !!c.closest("[data-formc-cond][hidden], .formc-unused"); });
    return data;
  };
  /* the instance path (input name) and the input to focus for an error's JSON pointer */
  Form.prototype.place = function (data, ptr) {
    var segs = ptr.split("/").slice(1), fields = this.s.fields, cur = data, name = [], f, part = null;
    for (var i = 0; i < segs.length; i++) {
      f = child(fields, segs[i]);
      if (!f) break;
      cur = isObj(cur) ? cur[f.i] : undefined;
      name.push(f.i);
      if (f.t === "repeat" && i + 1 < segs.length) {
        var item = Array.isArray(cur) ? cur[+segs[++i]] : undefined;
        name[name.length - 1] += "[" + this.slots.get(item) + "]";
        cur = item;
        fields = f.f;
      } else if (f.t === "group") fields = f.f;
      else { if (f.t === "address" && PARTS.indexOf(segs[i + 1]) >= 0) part = segs[i + 1]; break; }
    }
    var path = name.join("."), wrapper = this.el.querySelector('[data-formc-path="' + path + '"]');
    var input = part ? this.el.querySelector('[name="' + path + "." + part + '"]') : wrapper && this.controls(wrapper).filter(function (c) { return !c.disabled; })[0];
    return { wrapper: wrapper, input: input };
  };
  /* the legends of the repeat items around a field ("Medsøker 2"), outermost first, for the error summary */
  Form.prototype.items = function (wrapper) {
    var out = [];
    for (var el = wrapper && wrapper.parentNode; el && el !== this.el; el = el.parentNode)
      if (el.hasAttribute && el.hasAttribute("data-formc-slot")) out.unshift(el.querySelector(":scope > legend").textContent);
    return out;
  };
  Form.prototype.check = function (focus) {
    var data = this.refresh(), errors = validate(this.s, data, this.today()), self = this, shown = new Map();
    this.el.querySelectorAll(".formc-error-message").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    this.el.querySelectorAll("[aria-invalid]").forEach(function (c) { c.removeAttribute("aria-invalid"); });
    this.el.querySelectorAll(".formc-field-error").forEach(function (w) { w.classList.remove("formc-field-error"); });
    var list = this.summary.querySelector("ul");
    list.textContent = "";
    errors.forEach(function (e) {
      var at = self.place(data, e.p), li = document.createElement("li"), a = document.createElement("a");
      a.textContent = self.items(at.wrapper).concat([e.m]).join(": ");
      if (at.input) {
        a.href = "#" + at.input.id;
        a.addEventListener("click", function (ev) { ev.preventDefault(); at.input.focus(); });
        at.input.setAttribute("aria-invalid", "true");
      }
      li.appendChild(a);
      list.appendChild(li);
      if (!at.wrapper) return;
      at.wrapper.classList.add("formc-field-error");
      var p = at.wrapper.querySelector(".formc-error-message");
      if (!shown.has(p)) shown.set(p, at.wrapper);
      var hidden = document.createElement("span");
      hidden.className = "formc-visually-hidden";
      hidden.textContent = self.summary.getAttribute("data-formc-error") + " ";
      if (!p.textContent) p.appendChild(hidden);
      p.appendChild(document.createTextNode(e.m + " "));
      p.hidden = false;
    });
    this.el.querySelectorAll(".formc-error-message").forEach(function (p) {
      var wrapper = p.closest("[data-formc-path]"), target = wrapper.querySelector("fieldset,input,select,textarea");
      var ids = (target.getAttribute("aria-describedby") || "").split(" ").filter(function (t) { return t && t !== p.id; });
      if (!p.hidden) ids.push(p.id);
      if (ids.length) target.setAttribute("aria-describedby", ids.join(" ")); else target.removeAttribute("aria-describedby");
    });
    this.summary.hidden = !errors.length;
    if (errors.length && focus) this.summary.focus();
    return errors;
  };

  window.formc = { forms: [] };
  function start() { document.querySelectorAll("form.formc-form").forEach(function (el) { window.formc.forms.push(new Form(el)); }); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
