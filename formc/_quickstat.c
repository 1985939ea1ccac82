/* The outputs check's compiled fast path: one lstat per recorded output, spread over the cores.
 *
 * formc.writer.OutputRoot.unmatched calls mismatches(prefix, groups), groups being the manifest's own dicts
 * {name: record}, one per entry: for each output `name` (a path relative to the output folder, `prefix` being
 * that folder with a trailing "/", as bytes: the folder's name need not be UTF-8, as os.fsencode gives it),
 * whether the directory entry at prefix + name is a regular file of the size and modification time (in ns)
 * the manifest recorded, record = [sha256, size, mtime_ns]. It answers (group index, name) of those that are
 * not (missing, another kind of file, another size or time, a record it cannot read, or a name that is not a
 * plain relative path: empty, absolute, or with an empty, "." or ".." part), and the folders (as the names
 * spell them, "" for the output folder itself) of those that are, for the caller to check that each is a
 * real folder inside the output folder. The caller looks at each mismatch again in Python (formc.manifest:
 * a touched file of the same bytes is still intact) and keeps every rule about unsafe paths there.
 *
 * It does the work of formc.writer.OutputRoot.quick_signature, without the interpreter's cost per file and
 * with the GIL released. A build with nothing to do spends its time here: 70,000 outputs at 5,000 forms, as
 * git's preloaded index lstats a worktree's files on several threads.
 *
 * formc.build calls signatures(paths) for the definition files: [size, mtime_ns] of each as os.stat gives
 * them (a symlink followed), [-1, -1] for one that cannot be stat'ed, None for a path it does not take (not
 * str, or not UTF-8: the caller stats that one itself).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define THREADS_MAX 4
#define PER_THREAD_MIN 2048 /* fewer files than this a thread: not worth starting one */

typedef struct {
    const char *name;
    Py_ssize_t length;
    long long size, mtime;
    char ok; /* the input: 0 when the name or the record is unusable; the answer: 1 when the file matches */
} Item;

typedef struct {
    const char *prefix; /* prepended to every name ("" for signatures) */
    size_t prefix_length;
    Item *items;
    Py_ssize_t start, end;
    int follow; /* stat (a symlink followed, the size and time read back into the item) rather than lstat */
} Slice;

/* Whether `name` is a plain relative path: not empty, no leading "/" or "\", no empty, "." or ".." part. */
static int plain(const char *name, Py_ssize_t length) {
    if (length == 0 || name[0] == '/' || name[0] == '\\' || memchr(name, '\0', (size_t)length) != NULL)
        return 0;
    Py_ssize_t start = 0;
    for (Py_ssize_t i = 0; i <= length; i++) {
        if (i == length || name[i] == '/') {
            Py_ssize_t part = i - start;
            if (part == 0 || (part == 1 && name[start] == '.') ||
                (part == 2 && name[start] == '.' && name[start + 1] == '.'))
                return 0;
            start = i + 1;
        }
    }
    return 1;
}

static void *check_slice(void *arg) {
    Slice *slice = arg;
    size_t room = 4096;
    char *path = malloc(room);
    if (path == NULL) {
        for (Py_ssize_t i = slice->start; i < slice->end; i++)
            slice->items[i].ok = 0; /* unchecked: the caller looks again */
        return NULL;
    }
    memcpy(path, slice->prefix, slice->prefix_length);
    for (Py_ssize_t i = slice->start; i < slice->end; i++) {
        Item *item = &slice->items[i];
        if (!item->ok)
            continue;
        size_t need = slice->prefix_length + (size_t)item->length + 1;
        if (need > room) {
            char *grown = realloc(path, need);
            if (grown == NULL) {
                item->ok = 0;
                continue;
            }
            path = grown;
            room = need;
        }
        memcpy(path + slice->prefix_length, item->name, (size_t)item->length);
        path[need - 1] = '\0';
        struct stat info;
        if (slice->follow) {
            item->ok = stat(path, &info) == 0;
            item->size = item->ok ? (long long)info.st_size : -1;
            item->mtime = item->ok ? (long long)info.st_mtim.tv_sec * 1000000000LL + (long long)info.st_mtim.tv_nsec : -1;
            continue;
        }
        item->ok = lstat(path, &info) == 0 && S_ISREG(info.st_mode) && (long long)info.st_size == item->size &&
                   (long long)info.st_mtim.tv_sec * 1000000000LL + (long long)info.st_mtim.tv_nsec == item->mtime;
    }
    free(path);
    return NULL;
}

/* Reads records[i] = [sha256, size, mtime_ns] into `item`; 0 when it is not one (an error is cleared). */
static int read_record(PyObject *record, Item *item) {
    if (!(PyList_Check(record) || PyTuple_Check(record)) || PySequence_Fast_GET_SIZE(record) != 3)
        return 0;
    PyObject *size = PySequence_Fast_GET_ITEM(record, 1), *mtime = PySequence_Fast_GET_ITEM(record, 2);
    if (!PyLong_CheckExact(size) || !PyLong_CheckExact(mtime))
        return 0;
    item->size = PyLong_AsLongLong(size);
    item->mtime = PyLong_AsLongLong(mtime);
    if (PyErr_Occurred()) { /* past 64 bits: no file has that */
        PyErr_Clear();
        return 0;
    }
    return 1;
}

static int threads_for(Py_ssize_t count) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    long threads = count / PER_THREAD_MIN;
    if (cores < 1)
        cores = 1;
    if (threads > cores)
        threads = cores;
    if (threads > THREADS_MAX)
        threads = THREADS_MAX;
    return threads < 1 ? 1 : (int)threads;
}

/* Runs check_slice over items[0:count] on as many threads as pays, the GIL released (the caller holds it). */
static void check_all(const char *prefix, size_t prefix_length, Item *items, Py_ssize_t count, int follow) {
    int threads = threads_for(count);
    Slice slices[THREADS_MAX];
    pthread_t running[THREADS_MAX];
    int started[THREADS_MAX] = {0};
    Py_BEGIN_ALLOW_THREADS
    for (int t = 0; t < threads; t++) {
        slices[t] = (Slice){prefix, prefix_length, items, count * t / threads, count * (t + 1) / threads, follow};
        if (t > 0)
            started[t] = pthread_create(&running[t], NULL, check_slice, &slices[t]) == 0;
    }
    check_slice(&slices[0]);
    for (int t = 1; t < threads; t++) {
        if (started[t])
            pthread_join(running[t], NULL);
        else
            check_slice(&slices[t]); /* no thread to be had: this one does the slice */
    }
    Py_END_ALLOW_THREADS
}

static PyObject *mismatches(PyObject *module, PyObject *args) {
    const char *prefix;
    Py_ssize_t prefix_length;
    PyObject *groups;
    if (!PyArg_ParseTuple(args, "y#O!", &prefix, &prefix_length, &PyList_Type, &groups))
        return NULL;
    Py_ssize_t group_count = PyList_GET_SIZE(groups), count = 0;
    for (Py_ssize_t g = 0; g < group_count; g++) {
        PyObject *files = PyList_GET_ITEM(groups, g);
        if (!PyDict_Check(files)) {
            PyErr_SetString(PyExc_TypeError, "mismatches() takes a list of dicts {name: record}");
            return NULL;
        }
        count += PyDict_GET_SIZE(files);
    }
    Item *items = PyMem_Calloc(count ? (size_t)count : 1, sizeof(Item));
    PyObject **names = PyMem_Calloc(count ? (size_t)count : 1, sizeof(PyObject *));
    Py_ssize_t *group_of = PyMem_Calloc(count ? (size_t)count : 1, sizeof(Py_ssize_t));
    if (items == NULL || names == NULL || group_of == NULL) {
        PyMem_Free(items);
        PyMem_Free(names);
        PyMem_Free(group_of);
        return PyErr_NoMemory();
    }
    /* each name is held (its UTF-8 stays with the str object) while the threads run without the GIL */
    Py_ssize_t filled = 0;
    for (Py_ssize_t g = 0; g < group_count && filled < count; g++) {
        PyObject *files = PyList_GET_ITEM(groups, g), *name, *record;
        Py_ssize_t position = 0;
        while (filled < count && PyDict_Next(files, &position, &name, &record)) {
            Item *item = &items[filled];
            names[filled] = Py_NewRef(name);
            group_of[filled++] = g;
            if (!PyUnicode_Check(name) || !read_record(record, item))
                continue;
            item->name = PyUnicode_AsUTF8AndSize(name, &item->length);
            if (item->name == NULL) { /* a lone surrogate: no file is named that */
                PyErr_Clear();
                continue;
            }
            item->ok = (char)plain(item->name, item->length);
        }
    }
    check_all(prefix, (size_t)prefix_length, items, filled, 0);
    PyObject *unmatched = PyList_New(0), *folders = PySet_New(NULL), *folder = NULL;
    const char *last = NULL;
    Py_ssize_t last_length = -1;
    for (Py_ssize_t i = 0; unmatched != NULL && folders != NULL && i < filled; i++) {
        Item *item = &items[i];
        if (!item->ok) {
            PyObject *pair = Py_BuildValue("(nO)", group_of[i], names[i]);
            if (pair == NULL || PyList_Append(unmatched, pair) < 0) {
                Py_XDECREF(pair);
                Py_CLEAR(unmatched);
                break;
            }
            Py_DECREF(pair);
            continue;
        }
        Py_ssize_t length = item->length;
        while (length > 0 && item->name[length - 1] != '/')
            length--;
        length = length > 0 ? length - 1 : 0; /* "a/b/c.html" -> "a/b"; "c.html" -> "" */
        if (last != NULL && length == last_length && memcmp(item->name, last, (size_t)length) == 0)
            continue; /* the same folder as the file before (outputs come grouped) */
        folder = PyUnicode_DecodeUTF8(item->name, length, "strict");
        if (folder == NULL || PySet_Add(folders, folder) < 0) {
            Py_XDECREF(folder);
            Py_CLEAR(folders);
            break;
        }
        Py_DECREF(folder);
        last = item->name;
        last_length = length;
    }
    for (Py_ssize_t i = 0; i < filled; i++)
        Py_DECREF(names[i]);
    PyMem_Free(items);
    PyMem_Free(names);
    PyMem_Free(group_of);
    if (unmatched == NULL || folders == NULL) {
        Py_XDECREF(unmatched);
        Py_XDECREF(folders);
        return NULL;
    }
    return Py_BuildValue("(NN)", unmatched, folders);
}

static PyObject *signatures(PyObject *module, PyObject *paths) {
    if (!PyList_Check(paths)) {
        PyErr_SetString(PyExc_TypeError, "signatures() takes a list of paths");
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(paths);
    Item *items = PyMem_Calloc(count ? (size_t)count : 1, sizeof(Item));
    if (items == NULL)
        return PyErr_NoMemory();
    Py_INCREF(paths); /* the paths' UTF-8 stays with the str objects the list holds */
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *path = PyList_GET_ITEM(paths, i);
        Item *item = &items[i];
        if (!PyUnicode_Check(path))
            continue;
        item->name = PyUnicode_AsUTF8AndSize(path, &item->length);
        if (item->name == NULL) { /* an undecodable name, kept as surrogates: os.stat encodes it */
            PyErr_Clear();
            continue;
        }
        item->ok = item->length > 0 && memchr(item->name, '\0', (size_t)item->length) == NULL;
    }
    char *taken = PyMem_Malloc(count ? (size_t)count : 1); /* which items check_slice is to stat */
    if (taken == NULL) {
        PyMem_Free(items);
        Py_DECREF(paths);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < count; i++)
        taken[i] = items[i].ok;
    check_all("", 0, items, count, 1);
    PyObject *found = PyList_New(count);
    for (Py_ssize_t i = 0; found != NULL && i < count; i++) {
        PyObject *signature = taken[i] ? Py_BuildValue("[LL]", items[i].size, items[i].mtime) : Py_NewRef(Py_None);
        if (signature == NULL) {
            Py_CLEAR(found);
            break;
        }
        PyList_SET_ITEM(found, i, signature);
    }
    PyMem_Free(taken);
    PyMem_Free(items);
    Py_DECREF(paths);
    return found;
}

static PyMethodDef methods[] = {
    {"mismatches", mismatches, METH_VARARGS,
     "mismatches(prefix, groups) -> (unmatched, folders): (group index, name) of the outputs whose lstat is "
     "not the recorded regular file of [sha256, size, mtime_ns], and the folders of the others."},
    {"signatures", signatures, METH_O,
     "signatures(paths) -> list: [size, mtime_ns] of each path as os.stat gives them, [-1, -1] where it "
     "cannot be stat'ed, None for a path this does not take."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "formc._quickstat", NULL, -1, methods};

PyMODINIT_FUNC PyInit__quickstat(void) { return PyModule_Create(&module); }
