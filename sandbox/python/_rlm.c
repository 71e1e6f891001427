/*
 * _rlm: the one door out of the sandboxed interpreter.
 *
 * Built into python.wasm as a static builtin module. It talks to the .NET host through three Wasmtime host
 * imports in the "rlm" namespace:
 *   rlm.call(op, ptr, len) -> n    a sub-call (a sub-LM prompt, a batch, a child RLM); the host may block on it
 *                                  and keeps the response; n >= 0 is its length in bytes, n < 0 means the request
 *                                  failed and the response (length -n - 1) is an error message;
 *   rlm.next(start, ptr, len) -> n the driver loop's own door: hands the host the reply to the last command and
 *                                  blocks until the next command, kept as the response (start = 1: the first call,
 *                                  no reply yet); the host refuses a second start;
 *   rlm.take(ptr, len)             the host copies the kept response into guest memory at ptr.
 * The guest allocates the response buffer, so the host never has to call back into the guest allocator.
 *
 * Why the loop is here in C and not in Python: any Python object is reachable from a block (frames, gc,
 * __globals__, re-import of this module), so nothing a Python function could call may end a block. Only
 * serve() calls rlm.next, and only after the handler (which runs the block) has returned to it; serve() itself
 * runs once per interpreter because the host refuses a second start. call() carries sub-calls only: the host
 * refuses anything else on it.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include <stdint.h>

__attribute__((import_module("rlm"), import_name("call")))
extern int32_t rlm_host_call(int32_t op, const uint8_t *data, int32_t len);

__attribute__((import_module("rlm"), import_name("next")))
extern int32_t rlm_host_next(int32_t start, const uint8_t *data, int32_t len);

__attribute__((import_module("rlm"), import_name("take")))
extern void rlm_host_take(uint8_t *dest, int32_t len);

/* The response the host kept for the call that returned n: bytes, or NULL with RuntimeError(message). */
static PyObject *
take_response(int32_t n)
{
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
    return take_response(n);
}

static PyObject *
rlm_serve(PyObject *module, PyObject *handler)
{
    if (!PyCallable_Check(handler)) {
        PyErr_SetString(PyExc_TypeError, "serve(handler): handler must be callable");
        return NULL;
    }
    Py_INCREF(handler);
    PyObject *command = take_response(rlm_host_next(1, NULL, 0));
    while (command != NULL) {
        PyObject *reply = PyObject_CallOneArg(handler, command);
        Py_DECREF(command);
        if (reply == Py_None) {
            Py_DECREF(reply);
            Py_DECREF(handler);
            Py_RETURN_NONE;
        }
        /* Whatever the handler did, the host gets exactly one reply per command; a failed handler's is empty,
           which the host reports as an unreadable result. */
        int usable = reply != NULL && PyBytes_Check(reply) && PyBytes_GET_SIZE(reply) <= INT32_MAX;
        if (!usable) {
            PyErr_Clear();
        }
        int32_t n = usable
            ? rlm_host_next(0, (const uint8_t *)PyBytes_AS_STRING(reply), (int32_t)PyBytes_GET_SIZE(reply))
            : rlm_host_next(0, NULL, 0);
        Py_XDECREF(reply);
        command = take_response(n);
    }
    Py_DECREF(handler);
    return NULL;
}

static PyMethodDef rlm_methods[] = {
    {"call", rlm_call, METH_VARARGS,
     "call(op, data) -> bytes: send one sub-call to the host and return its response."},
    {"serve", rlm_serve, METH_O,
     "serve(handler): the driver's loop; handler(command) -> reply bytes, or None to stop. Once per interpreter."},
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
