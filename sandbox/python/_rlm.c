/*
 * _rlm: the one door out of the sandboxed interpreter.
 *
 * Built into python.wasm as a static builtin module. Its only function, call(op, data), hands a request
 * to the .NET host through two Wasmtime host imports in the "rlm" namespace:
 *   rlm.call(op, ptr, len) -> n    the host handles the request (it may block: the next block, a sub-LM
 *                                  call) and keeps the response; n >= 0 is its length in bytes, n < 0 means
 *                                  the request failed and the response (length -n - 1) is an error message;
 *   rlm.take(ptr, len)             the host copies the kept response into guest memory at ptr.
 * The guest allocates the response buffer, so the host never has to call back into the guest allocator.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include <stdint.h>

__attribute__((import_module("rlm"), import_name("call")))
extern int32_t rlm_host_call(int32_t op, const uint8_t *data, int32_t len);

__attribute__((import_module("rlm"), import_name("take")))
extern void rlm_host_take(uint8_t *dest, int32_t len);

static PyObject *
rlm_call(PyObject *module, PyObject *args)
{
    int op;
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "iy*:call", &op, &data)) {
        return NULL;
    }
    if (data.len > INT32_MAX) {
        PyBuffer_Release(&data);
        PyErr_SetString(PyExc_OverflowError, "request too large");
        return NULL;
    }
    int32_t n = rlm_host_call((int32_t)op, (const uint8_t *)data.buf, (int32_t)data.len);
    PyBuffer_Release(&data);

    int failed = n < 0;
    Py_ssize_t size = failed ? (Py_ssize_t)(-(int64_t)n - 1) : (Py_ssize_t)n;
    PyObject *response = PyBytes_FromStringAndSize(NULL, size);
    if (response == NULL) {
        return NULL;
    }
    rlm_host_take((uint8_t *)PyBytes_AS_STRING(response), (int32_t)size);
    if (failed) {
        PyObject *message = PyUnicode_DecodeUTF8(PyBytes_AS_STRING(response), size, "replace");
        Py_DECREF(response);
        if (message != NULL) {
            PyErr_SetObject(PyExc_RuntimeError, message);
            Py_DECREF(message);
        }
        return NULL;
    }
    return response;
}

static PyMethodDef rlm_methods[] = {
    {"call", rlm_call, METH_VARARGS,
     "call(op, data) -> bytes: send one request to the host and return its response."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef rlm_module = {
    PyModuleDef_HEAD_INIT, "_rlm", "Requests from the sandboxed interpreter to the RLM host.", -1, rlm_methods
};

PyMODINIT_FUNC
PyInit__rlm(void)
{
    return PyModule_Create(&rlm_module);
}
