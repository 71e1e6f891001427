# The guest side of a Python session: runs inside python.wasm, passed with -c by PythonSession.
# It loads the context, then hands _handle to _rlm.serve, the loop in C that asks the host for each command and
# returns _handle's reply: a block runs in one globals dict that lives for the whole session. The loop is in C
# because a block can reach every Python object; _rlm.call, which the helpers use, carries sub-calls only.
# Output goes to fd 1/2, which the host captures (with a cap) per block.
# Startup imports only builtin modules (json, ast, traceback would cost tens of ms of cold start); messages are
# "packed": each field is b'-' for None or b'<byte length>:<utf-8 bytes>' (see Packed.cs).
import _rlm, _ast, sys, os

_LLM, _LLM_BATCH, _RLM = 1, 2, 3


def _load_context():
    folder = '/context'
    names = sorted(os.listdir(folder))
    texts = []
    for name in names:
        with open(folder + '/' + name, encoding='utf-8', newline='') as f:
            texts.append(f.read())
    return texts[0] if len(texts) == 1 else texts


class _Final(Exception):
    pass


def _pack(*fields):
    out = []
    for field in fields:
        if field is None:
            out.append(b'-')
        else:
            data = field.encode('utf-8', 'replace')
            out.append(b'%d:' % len(data))
            out.append(data)
    return b''.join(out)


def _unpack(data):
    fields, i = [], 0
    while i < len(data):
        if data[i:i + 1] == b'-':
            fields.append(None)
            i += 1
        else:
            colon = data.index(b':', i)
            end = colon + 1 + int(data[i:colon])
            fields.append(data[colon + 1:end].decode('utf-8', 'replace'))
            i = end
    return fields


_sources = {}


def _make_globals(context, query):
    state = {'final': None}

    def llm_query(prompt):
        """One plain sub-LM call; returns its reply (a str starting with "Error:" when it failed)."""
        return _rlm.call(_LLM, str(prompt).encode('utf-8', 'replace')).decode('utf-8', 'replace')

    def llm_query_batched(prompts):
        """Many sub-LM calls, run concurrently by the host; returns the replies in order."""
        return _unpack(_rlm.call(_LLM_BATCH, _pack(*[str(p) for p in prompts])))

    def rlm_query(prompt, context=None):
        """A child RLM (its own session, one level deeper) answers `prompt` over `context` (a str; default: none)."""
        request = _pack(str(prompt), None if context is None else str(context))
        return _rlm.call(_RLM, request).decode('utf-8', 'replace')

    def final(answer):
        """Ends the run with `answer` (converted with str)."""
        state['final'] = answer if isinstance(answer, str) else str(answer)
        raise _Final()

    def FINAL_VAR(name):
        """Ends the run with the session variable `name`."""
        if name not in g:
            raise NameError(f"FINAL_VAR: no variable named {name!r}")
        final(g[name])

    g = {
        '__name__': '__main__', '__builtins__': __builtins__,
        'context': context, 'query': query,
        'llm_query': llm_query, 'llm_query_batched': llm_query_batched, 'rlm_query': rlm_query,
        'final': final, 'FINAL': final, 'FINAL_VAR': FINAL_VAR,
    }
    return g, state


def _format_error(exc, block_name):
    import linecache, traceback
    for name, code in _sources.items():
        linecache.cache[name] = (len(code), None, code.splitlines(True), name)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in _sources]
    text = ''
    if frames:
        text = 'Traceback (most recent call last):\n' + ''.join(traceback.format_list(frames))
    return text + ''.join(traceback.format_exception_only(type(exc), exc))


def _run(code, g, state, number):
    name = f'<block {number}>'
    _sources[name] = code
    result = {'error': None, 'errorType': None, 'final': None, 'value': None}
    state['final'] = None
    try:
        tree = compile(code, name, 'exec', _ast.PyCF_ONLY_AST)
        last = None
        if tree.body and isinstance(tree.body[-1], _ast.Expr):
            last = _ast.Expression(tree.body.pop().value)
        exec(compile(tree, name, 'exec'), g)
        if last is not None:
            value = eval(compile(last, name, 'eval'), g)
            if value is not None:
                result['value'] = repr(value)
    except _Final:
        pass
    except SyntaxError as e:
        result['errorType'] = 'SyntaxError'
        import traceback
        result['error'] = ''.join(traceback.format_exception_only(type(e), e))
    except BaseException as e:  # SystemExit and KeyboardInterrupt from a block end the block, not the session
        result['errorType'] = type(e).__name__
        result['error'] = _format_error(e, name)
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            pass
    result['final'] = state['final']
    return result


def _main():
    sys.setrecursionlimit(int(os.environ.get('RLM_RECURSION_LIMIT', '1000')))
    query = os.environ.get('RLM_QUERY', '')
    g, state = _make_globals(_load_context(), query)
    # Tidiness, not the guard: blocks use the helpers; the host refuses all but sub-calls from them anyway.
    sys.modules['_rlm'] = None
    number = 0

    def handle(command):
        nonlocal number
        kind, body = command[:1], command[1:].decode('utf-8')
        if kind == b'E':
            number += 1
            r = _run(body, g, state, number)
            return _pack(r['errorType'], r['error'], r['final'], r['value'])
        if kind == b'V':
            found = body in g and body not in ('__builtins__', '__name__')
            try:
                value = g[body] if found else None
                text = value if isinstance(value, str) else str(value)
            except BaseException as e:
                found, text = False, f'{type(e).__name__}: {e}'
            return _pack(text if found else None)
        if kind == b'Q':
            return None
        return b''

    _rlm.serve(handle)


_main()
