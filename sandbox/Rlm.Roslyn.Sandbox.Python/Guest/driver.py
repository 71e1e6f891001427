# The guest side of a Python session: runs inside python.wasm, passed with -c by PythonSession.
# It loads the context, then loops: ask the host for the next command (blocking in the _rlm host call),
# run it in one globals dict that lives for the whole session, report how it went, repeat.
# Output goes to fd 1/2, which the host captures (with a cap) per block.
import _rlm, sys, json, ast, traceback, linecache, os

_NEXT, _LLM, _LLM_BATCH, _RLM = 0, 1, 2, 3


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


def _make_globals(context, query):
    state = {'final': None}

    def llm_query(prompt):
        """One plain sub-LM call; returns its reply (a str starting with "Error:" when it failed)."""
        return _rlm.call(_LLM, str(prompt).encode('utf-8')).decode('utf-8')

    def llm_query_batched(prompts):
        """Many sub-LM calls, run concurrently by the host; returns the replies in order."""
        request = json.dumps([str(p) for p in prompts]).encode('utf-8')
        return json.loads(_rlm.call(_LLM_BATCH, request).decode('utf-8'))

    def rlm_query(prompt, context=None):
        """A child RLM (its own session, one level deeper) answers `prompt` over `context` (a str; default: none)."""
        request = json.dumps({'query': str(prompt), 'context': None if context is None else str(context)})
        return _rlm.call(_RLM, request.encode('utf-8')).decode('utf-8')

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
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == block_name]
    text = ''
    if frames:
        text = 'Traceback (most recent call last):\n' + ''.join(traceback.format_list(frames))
    return text + ''.join(traceback.format_exception_only(type(exc), exc))


def _run(code, g, state, number):
    name = f'<block {number}>'
    linecache.cache[name] = (len(code), None, code.splitlines(True), name)
    result = {'error': None, 'errorType': None, 'final': None, 'value': None}
    state['final'] = None
    try:
        tree = ast.parse(code, name, 'exec')
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, name, 'exec'), g)
        if last is not None:
            value = eval(compile(last, name, 'eval'), g)
            if value is not None:
                result['value'] = repr(value)
    except _Final:
        pass
    except SyntaxError as e:
        result['errorType'] = 'SyntaxError'
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
    sys.modules['_rlm'] = None  # blocks keep to the helpers; a raw _rlm.call would desynchronise the protocol
    reply = b''
    number = 0
    while True:
        command = _rlm.call(_NEXT, reply)
        kind, body = command[:1], command[1:].decode('utf-8')
        if kind == b'E':
            number += 1
            reply = json.dumps(_run(body, g, state, number)).encode('utf-8')
        elif kind == b'V':
            found = body in g and body not in ('__builtins__', '__name__')
            try:
                value = g[body] if found else None
                text = value if isinstance(value, str) else str(value)
            except BaseException as e:
                found, text = False, f'{type(e).__name__}: {e}'
            reply = json.dumps({'found': found, 'value': text}).encode('utf-8')
        elif kind == b'Q':
            return
        else:
            reply = b'{}'


_main()
