/* The loader's compiled fast path: libyaml events straight into Python values and positions.
 *
 * formc.loader calls load() first. It builds exactly what formc.loader's Python builder builds for a
 * definition that loads without a diagnostic -- the value, the position of every value and key, the keys
 * written without `:` in flow mappings -- and answers None for anything else: a syntax error, a tag, a
 * duplicate key, a limit passed, a control character, a number out of range, or any input it does not
 * take. formc.loader then loads the text again with the Python builder, which reports the diagnostic, so
 * every message and position still comes from one place. The rules mirrored here are those of
 * formc/loader.py (_Builder.node, _typed, _check_text); tests/core/test_loader_fast.py holds the two
 * builders to the same result on generated documents.
 *
 * Asked for few positions, it records only those a definition that checks cleanly asks for: the root's, of
 * each value at the top level, of each list item (fields, rules) and of the `title` of a list item (a
 * class's); no key's. formc.loader loads the text again for every position when one
 * outside those is asked for, so a diagnostic still gets the same line and column.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include <yaml.h>

typedef struct {
    yaml_parser_t parser;
    PyObject *positions;     /* path tuple -> (line, column) of the value */
    PyObject *key_positions; /* path tuple -> (line, column) of the key */
    PyObject *bare_keys;     /* list of path tuples */
    PyObject *anchors;       /* anchor name -> (value, node count, height) */
    PyObject *resolve;       /* formc.loader._fast_plain: typing of a plain scalar that may be a number */
    PyObject *refuse;        /* what resolve answers for a number out of range */
    long aliases;
    long expanded;
    long deepest;
    long max_depth, max_aliases, max_expanded;
    int few; /* record only the positions described at the top of this file */
} Loader;

/* Set when the input needs the Python builder: every function below then returns NULL or -1. */
#define REFUSE NULL

static int next_event(Loader *L, yaml_event_t *event) {
    return yaml_parser_parse(&L->parser, event) ? 0 : -1;
}

static PyObject *mark_tuple(yaml_mark_t mark) {
    PyObject *line = PyLong_FromSize_t(mark.line + 1);
    PyObject *column = PyLong_FromSize_t(mark.column + 1);
    PyObject *pair = line && column ? PyTuple_New(2) : NULL;
    if (pair == NULL) {
        Py_XDECREF(line);
        Py_XDECREF(column);
        return NULL;
    }
    PyTuple_SET_ITEM(pair, 0, line);
    PyTuple_SET_ITEM(pair, 1, column);
    PyObject_GC_UnTrack(pair); /* two ints: no cycle through it, see child_path */
    return pair;
}

static int record(PyObject *table, PyObject *path, yaml_mark_t mark) {
    PyObject *where = mark_tuple(mark);
    if (where == NULL) return -1;
    int failed = PyDict_SetItem(table, path, where);
    Py_DECREF(where);
    return failed;
}

/* Whether the value at `path` gets its position recorded. */
static int placed(Loader *L, PyObject *path) {
    Py_ssize_t n = PyTuple_GET_SIZE(path);
    if (!L->few || n <= 1 || PyLong_CheckExact(PyTuple_GET_ITEM(path, n - 1))) return 1;
    /* the title of a list item: a class's title is compared across forms (formc.class_plan.title_rows) */
    return PyLong_CheckExact(PyTuple_GET_ITEM(path, n - 2)) &&
           PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(path, n - 1), "title") == 0;
}

static PyObject *child_path(PyObject *path, PyObject *key) {
    Py_ssize_t n = PyTuple_GET_SIZE(path);
    PyObject *child = PyTuple_New(n + 1);
    if (child == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(path, i);
        Py_INCREF(item);
        PyTuple_SET_ITEM(child, i, item);
    }
    Py_INCREF(key);
    PyTuple_SET_ITEM(child, n, key);
    /* Only text and ints: the tuple can be part of no cycle, so the cyclic garbage collector need not walk
     * it (CPython itself untracks such tuples, but only once one has survived a collection). Untracked
     * keys and values also leave the position tables untracked: a build keeps them all until it ends. */
    PyObject_GC_UnTrack(child);
    return child;
}

/* True if the UTF-8 text (with no control character, so its only line ends are LF and U+2029) has a direction
 * control formc.bidi.unbalanced finds: a PDF (E2 80 AC) that closes no embedding or override, a PDI (E2 81 A9)
 * that closes no isolate, or an opener (LRE RLE LRO RLO: E2 80 AA AB AD AE; LRI RLI FSI: E2 81 A6..A8) still
 * open where a line ends. */
static int unbalanced_direction(const unsigned char *s, size_t n) {
    char *stack = PyMem_Malloc(n / 3 + 1); /* 'E' an embedding or override, 'I' an isolate; innermost last */
    if (stack == NULL) return 1;           /* the Python builder decides */
    size_t depth = 0, isolates = 0;
    int bad = 0;
    for (size_t i = 0; i < n && !bad; i++) {
        if (s[i] == 0x0a) {
            bad = depth > 0;
            continue;
        }
        if (s[i] != 0xe2 || i + 2 >= n) continue;
        unsigned char b = s[i + 1], c = s[i + 2];
        if (b == 0x80 && c == 0xa9) bad = depth > 0; /* U+2029 PARAGRAPH SEPARATOR */
        else if (b == 0x80 && (c == 0xaa || c == 0xab || c == 0xad || c == 0xae)) stack[depth++] = 'E';
        else if (b == 0x81 && c >= 0xa6 && c <= 0xa8) stack[depth++] = 'I', isolates++;
        else if (b == 0x80 && c == 0xac) {
            if (depth == 0 || stack[depth - 1] != 'E') bad = 1;
            else depth--;
        } else if (b == 0x81 && c == 0xa9) {
            if (isolates == 0) bad = 1;
            else {
                while (stack[--depth] != 'I') {
                }
                isolates--;
            }
        }
        i += 2;
    }
    PyMem_Free(stack);
    return bad || depth > 0;
}

/* True if the UTF-8 text holds what formc.loader.CONTROL_CHARACTER matches: C0 controls but tab and line
 * feed, DEL, C1 controls (C2 80..9F), U+FFFE, U+FFFF, or a surrogate (ED A0..BF, which strict decoding refuses
 * anyway); or a direction control left unbalanced (formc.loader._check_direction). */
static int has_control(const unsigned char *s, size_t n) {
    int direction = 0; /* an E2 lead byte seen: the text may hold a direction control */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if ((c < 0x20 && c != 0x09 && c != 0x0a) || c == 0x7f) return 1;
        if (c == 0xc2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f) return 1;
        if (c == 0xef && i + 2 < n && s[i + 1] == 0xbf && (s[i + 2] == 0xbe || s[i + 2] == 0xbf)) return 1;
        if (c == 0xed && i + 1 < n && s[i + 1] >= 0xa0) return 1;
        direction |= c == 0xe2;
    }
    return direction && unbalanced_direction(s, n);
}

/* Short texts decoded before: definitions repeat the same keys and values (`id`, `type`, `label`, `nb`,
 * `text`...). A table of the process, each slot the last text of up to KEPT_MAX bytes that hashed to it (its
 * own reference, and a copy of its UTF-8): decoded and hashed once, the same text loaded again is the same
 * object. */
#define KEPT_SLOTS 1024
#define KEPT_MAX 24
static struct {
    PyObject *text;
    size_t length;
    unsigned char utf8[KEPT_MAX];
} kept[KEPT_SLOTS];

static PyObject *short_text(const unsigned char *s, size_t n) {
    if (n > KEPT_MAX) return PyUnicode_DecodeUTF8((const char *)s, (Py_ssize_t)n, "strict");
    size_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 16777619u;
    size_t slot = (h ^ (h >> 10)) % KEPT_SLOTS;
    if (kept[slot].text != NULL && kept[slot].length == n && memcmp(kept[slot].utf8, s, n) == 0) {
        Py_INCREF(kept[slot].text);
        return kept[slot].text;
    }
    PyObject *text = PyUnicode_DecodeUTF8((const char *)s, (Py_ssize_t)n, "strict");
    if (text == NULL || PyObject_Hash(text) == -1) {
        Py_XDECREF(text);
        return NULL;
    }
    Py_XSETREF(kept[slot].text, Py_NewRef(text));
    kept[slot].length = n;
    memcpy(kept[slot].utf8, s, n);
    return text;
}

static int equals(const unsigned char *s, size_t n, const char *word) {
    size_t m = strlen(word);
    return n == m && memcmp(s, word, m) == 0;
}

/* formc.loader._typed for a scalar event that carries no tag but `!`, and the text check of its result. */
static PyObject *scalar_value(Loader *L, yaml_event_t *event) {
    const unsigned char *s = event->data.scalar.value;
    size_t n = event->data.scalar.length;
    const yaml_char_t *tag = event->data.scalar.tag;
    int plain = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && tag == NULL;
    if (plain) {
        if (n == 0 || equals(s, n, "~") || equals(s, n, "null") || equals(s, n, "Null") || equals(s, n, "NULL"))
            Py_RETURN_NONE;
        if (equals(s, n, "true") || equals(s, n, "True") || equals(s, n, "TRUE")) Py_RETURN_TRUE;
        if (equals(s, n, "false") || equals(s, n, "False") || equals(s, n, "FALSE")) Py_RETURN_FALSE;
    }
    if (has_control(s, n)) return REFUSE;
    PyObject *text = short_text(s, n);
    if (text == NULL || !plain || s[0] == '\0' || strchr("-+.0123456789", s[0]) == NULL) return text;
    /* a sign, a dot or a digit first: an int, a float or text, as formc.loader._resolve_plain says */
    PyObject *value = PyObject_CallOneArg(L->resolve, text);
    Py_DECREF(text);
    if (value == L->refuse) {
        Py_DECREF(value);
        return REFUSE;
    }
    return value;
}

static int deeper(Loader *L, long depth) {
    if (depth > L->max_depth) return -1;
    if (depth > L->deepest) L->deepest = depth;
    return 0;
}

static PyObject *node(Loader *L, yaml_event_t *event, PyObject *path, long *size);

static PyObject *sequence(Loader *L, PyObject *path, long *size) {
    PyObject *list = PyList_New(0);
    if (list == NULL) return NULL;
    yaml_event_t item;
    for (Py_ssize_t index = 0;; index++) {
        if (next_event(L, &item) < 0) goto fail;
        if (item.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&item);
            return list;
        }
        PyObject *number = PyLong_FromSsize_t(index);
        PyObject *item_path = number ? child_path(path, number) : NULL;
        Py_XDECREF(number);
        long child_size = 0;
        PyObject *child = item_path ? node(L, &item, item_path, &child_size) : NULL;
        Py_XDECREF(item_path);
        yaml_event_delete(&item);
        if (child == NULL) goto fail;
        int failed = PyList_Append(list, child);
        Py_DECREF(child);
        if (failed) goto fail;
        *size += child_size;
    }
fail:
    Py_DECREF(list);
    return NULL;
}

static PyObject *mapping(Loader *L, yaml_event_t *start, PyObject *path, long *size) {
    int flow = start->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    PyObject *dict = PyDict_New();
    if (dict == NULL) return NULL;
    yaml_event_t key_event, value_event;
    for (;;) {
        if (next_event(L, &key_event) < 0) goto fail;
        if (key_event.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&key_event);
            return dict;
        }
        const yaml_char_t *tag = key_event.type == YAML_SCALAR_EVENT ? key_event.data.scalar.tag : NULL;
        if (key_event.type != YAML_SCALAR_EVENT || (tag != NULL && strcmp((const char *)tag, "!") != 0) ||
            has_control(key_event.data.scalar.value, key_event.data.scalar.length)) {
            yaml_event_delete(&key_event);
            goto fail;
        }
        PyObject *key = short_text(key_event.data.scalar.value, key_event.data.scalar.length);
        yaml_mark_t key_start = key_event.start_mark, key_end = key_event.end_mark;
        yaml_event_delete(&key_event);
        if (key == NULL) goto fail;
        int known = PyDict_Contains(dict, key);
        PyObject *key_path = known == 0 ? child_path(path, key) : NULL;
        if (key_path == NULL || (!L->few && record(L->key_positions, key_path, key_start) < 0) ||
            next_event(L, &value_event) < 0) {
            Py_DECREF(key);
            Py_XDECREF(key_path);
            goto fail;
        }
        if (flow && value_event.start_mark.index == key_end.index && PyList_Append(L->bare_keys, key_path) < 0) {
            yaml_event_delete(&value_event);
            Py_DECREF(key);
            Py_DECREF(key_path);
            goto fail;
        }
        long child_size = 0;
        PyObject *child = node(L, &value_event, key_path, &child_size);
        yaml_event_delete(&value_event);
        Py_DECREF(key_path);
        int failed = child == NULL || PyDict_SetItem(dict, key, child) < 0;
        Py_DECREF(key);
        Py_XDECREF(child);
        if (failed) goto fail;
        *size += child_size;
    }
fail:
    Py_DECREF(dict);
    return NULL;
}

static PyObject *alias(Loader *L, yaml_event_t *event, PyObject *path, long *size) {
    L->aliases++;
    PyObject *entry = PyDict_GetItemString(L->anchors, (const char *)event->data.alias.anchor); /* borrowed */
    if (entry == NULL) return REFUSE; /* an unknown alias */
    long count = PyLong_AsLong(PyTuple_GET_ITEM(entry, 1));
    long height = PyLong_AsLong(PyTuple_GET_ITEM(entry, 2));
    if (deeper(L, (long)PyTuple_GET_SIZE(path) + height) < 0) return NULL;
    L->expanded += count;
    if (L->aliases > L->max_aliases || L->expanded > L->max_expanded) return NULL;
    *size = count;
    PyObject *value = PyTuple_GET_ITEM(entry, 0);
    Py_INCREF(value);
    return value;
}

/* formc.loader._Builder.node: the value that starts with `event`, its node count in *size. */
static PyObject *node(Loader *L, yaml_event_t *event, PyObject *path, long *size) {
    if (placed(L, path) && record(L->positions, path, event->start_mark) < 0) return NULL;
    *size = 1;
    const yaml_char_t *anchor = NULL;
    const yaml_char_t *tag = NULL;
    switch (event->type) {
    case YAML_ALIAS_EVENT:
        return alias(L, event, path, size);
    case YAML_SCALAR_EVENT:
        anchor = event->data.scalar.anchor;
        tag = event->data.scalar.tag;
        if (tag != NULL && strcmp((const char *)tag, "!") != 0) return REFUSE;
        if (anchor == NULL) return scalar_value(L, event);
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = event->data.sequence_start.anchor;
        if (event->data.sequence_start.tag != NULL) return REFUSE;
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = event->data.mapping_start.anchor;
        if (event->data.mapping_start.tag != NULL) return REFUSE;
        break;
    default:
        return REFUSE;
    }
    long depth = (long)PyTuple_GET_SIZE(path);
    if (deeper(L, depth) < 0) return REFUSE;
    long outer = L->deepest;
    L->deepest = depth;
    PyObject *value;
    if (event->type == YAML_SCALAR_EVENT) value = scalar_value(L, event);
    else if (event->type == YAML_SEQUENCE_START_EVENT) value = sequence(L, path, size);
    else value = mapping(L, event, path, size);
    if (value == NULL) return NULL;
    if (anchor != NULL) {
        PyObject *entry = Py_BuildValue("(Oll)", value, *size, L->deepest - depth);
        int failed = entry == NULL || PyDict_SetItemString(L->anchors, (const char *)anchor, entry) < 0;
        Py_XDECREF(entry);
        if (failed) {
            Py_DECREF(value);
            return NULL;
        }
    }
    if (outer > L->deepest) L->deepest = outer;
    return value;
}

/* One document: stream start, document start, the root node, document end, stream end; anything else
 * (an empty stream, a second document) is for the Python builder to report. */
static PyObject *document(Loader *L) {
    yaml_event_t event;
    for (int i = 0; i < 2; i++) {
        if (next_event(L, &event) < 0) return NULL;
        yaml_event_type_t type = event.type;
        yaml_event_delete(&event);
        if (type != (i == 0 ? YAML_STREAM_START_EVENT : YAML_DOCUMENT_START_EVENT)) return NULL;
    }
    if (next_event(L, &event) < 0) return NULL;
    PyObject *root = PyTuple_New(0);
    long size = 0;
    PyObject *data = root ? node(L, &event, root, &size) : NULL;
    Py_XDECREF(root);
    yaml_event_delete(&event);
    if (data == NULL) return NULL;
    yaml_event_type_t expected[2] = {YAML_DOCUMENT_END_EVENT, YAML_STREAM_END_EVENT};
    for (int i = 0; i < 2; i++) {
        if (next_event(L, &event) < 0) {
            Py_DECREF(data);
            return NULL;
        }
        yaml_event_type_t type = event.type;
        yaml_event_delete(&event);
        if (type != expected[i]) {
            Py_DECREF(data);
            return NULL;
        }
    }
    return data;
}

static PyObject *load(PyObject *Py_UNUSED(module), PyObject *args) {
    Py_buffer text;
    Loader L;
    memset(&L, 0, sizeof L);
    if (!PyArg_ParseTuple(args, "y*OO(lll)|p", &text, &L.resolve, &L.refuse, &L.max_depth, &L.max_aliases,
                          &L.max_expanded, &L.few))
        return NULL;
    if (!yaml_parser_initialize(&L.parser)) {
        PyBuffer_Release(&text);
        return PyErr_NoMemory();
    }
    yaml_parser_set_input_string(&L.parser, (const unsigned char *)text.buf, (size_t)text.len);
    PyObject *result = NULL;
    L.positions = PyDict_New();
    L.key_positions = PyDict_New();
    L.bare_keys = PyList_New(0);
    L.anchors = PyDict_New();
    if (L.positions && L.key_positions && L.bare_keys && L.anchors) {
        PyObject *data = document(&L);
        if (data != NULL) {
            result = PyTuple_Pack(4, data, L.positions, L.key_positions, L.bare_keys);
            Py_DECREF(data);
        }
    }
    Py_XDECREF(L.positions);
    Py_XDECREF(L.key_positions);
    Py_XDECREF(L.bare_keys);
    Py_XDECREF(L.anchors);
    yaml_parser_delete(&L.parser);
    PyBuffer_Release(&text);
    if (result == NULL) {
        if (PyErr_Occurred() && PyErr_ExceptionMatches(PyExc_MemoryError)) return NULL;
        PyErr_Clear(); /* a refusal, a decoding error: the Python builder will say what is wrong */
        Py_RETURN_NONE;
    }
    return result;
}

static PyMethodDef methods[] = {
    {"load", load, METH_VARARGS,
     "load(utf8, resolve, refused, (max_depth, max_aliases, max_expanded), few=False) -> (data, positions, "
     "key_positions, bare_keys) or None when the Python builder must load the text (it reports the diagnostic); "
     "with few, only the positions a clean definition needs (see the top of _fastload.c)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, .m_name = "formc._fastload",
    .m_doc = "The YAML loader's compiled fast path (see formc/loader.py).", .m_size = -1, .m_methods = methods};

PyMODINIT_FUNC PyInit__fastload(void) { return PyModule_Create(&module); }
