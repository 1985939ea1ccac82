from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'form.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_form = resolve('form')
    l_0_action = resolve('action')
    l_0_lang = resolve('lang')
    l_0_data = resolve('data')
    l_0_hidden = resolve('hidden')
    l_0_words = resolve('words')
    l_0_summary = resolve('summary')
    l_0_pages = resolve('pages')
    l_0_fields = missing
    pass
    l_0_fields = context.vars['fields'] = environment.get_template('fields.html.j2', 'form.html.j2')._get_default_module(context)
    context.exported_vars.discard('fields')
    yield '<form class="formc-form" id="'
    yield escape(environment.getattr((undefined(name='form') if l_0_form is missing else l_0_form), 'id'))
    yield '"'
    if (undefined(name='action') if l_0_action is missing else l_0_action):
        pass
        yield ' action="'
        yield escape((undefined(name='action') if l_0_action is missing else l_0_action))
        yield '"'
    yield ' method="post" enctype="'
    yield escape(environment.getattr((undefined(name='form') if l_0_form is missing else l_0_form), 'enctype'))
    yield '" accept-charset="utf-8" novalidate lang="'
    yield escape((undefined(name='lang') if l_0_lang is missing else l_0_lang))
    yield '">\n<script type="application/json" class="formc-data">'
    yield escape((undefined(name='data') if l_0_data is missing else l_0_data))
    yield '</script>\n'
    for l_1_h in (undefined(name='hidden') if l_0_hidden is missing else l_0_hidden):
        _loop_vars = {}
        pass
        yield '<input type="hidden" name="'
        yield escape(environment.getattr(l_1_h, 'name'))
        yield '" value="'
        yield escape(environment.getattr(l_1_h, 'value'))
        yield '">\n'
    l_1_h = missing
    yield '<div class="formc-error-summary" id="'
    yield escape(environment.getattr((undefined(name='form') if l_0_form is missing else l_0_form), 'id'))
    yield '--summary" tabindex="-1" data-formc-error="'
    yield escape(environment.getattr((undefined(name='words') if l_0_words is missing else l_0_words), 'error'))
    yield '"'
    if (not (undefined(name='summary') if l_0_summary is missing else l_0_summary)):
        pass
        yield ' hidden'
    yield '>\n<h2 class="formc-error-summary-title">'
    yield escape(environment.getattr((undefined(name='words') if l_0_words is missing else l_0_words), 'summary'))
    yield '</h2>\n'
    if (undefined(name='summary') if l_0_summary is missing else l_0_summary):
        pass
        yield '<ul class="formc-error-list">\n'
        for l_1_e in (undefined(name='summary') if l_0_summary is missing else l_0_summary):
            _loop_vars = {}
            pass
            yield '<li>'
            if environment.getattr(l_1_e, 'href'):
                pass
                yield '<a href="'
                yield escape(environment.getattr(l_1_e, 'href'))
                yield '">'
                yield escape(environment.getattr(l_1_e, 'message'))
                yield '</a>'
            else:
                pass
                yield escape(environment.getattr(l_1_e, 'message'))
            yield '</li>\n'
        l_1_e = missing
        yield '</ul>\n'
    else:
        pass
        yield '<ul class="formc-error-list"></ul>\n'
    yield '</div>\n'
    for l_1_page in (undefined(name='pages') if l_0_pages is missing else l_0_pages):
        _loop_vars = {}
        pass
        yield '<section class="formc-section"'
        if environment.getattr(l_1_page, 'title'):
            pass
            yield ' aria-labelledby="'
            yield escape(environment.getattr(l_1_page, 'id'))
            yield '"'
        yield '>\n'
        if environment.getattr(l_1_page, 'title'):
            pass
            yield '<h2 class="formc-section-title" id="'
            yield escape(environment.getattr(l_1_page, 'id'))
            yield '">'
            yield escape(environment.getattr(l_1_page, 'title'))
            yield '</h2>\n'
        for l_2_n in environment.getattr(l_1_page, 'fields'):
            _loop_vars = {}
            pass
            yield escape(context.call(environment.getattr((undefined(name='fields') if l_0_fields is missing else l_0_fields), 'field'), l_2_n, _loop_vars=_loop_vars))
            yield '\n'
        l_2_n = missing
        yield '</section>\n'
    l_1_page = missing
    yield '<button type="submit" class="formc-button">'
    yield escape(environment.getattr((undefined(name='words') if l_0_words is missing else l_0_words), 'submit'))
    yield '</button>\n</form>\n'

blocks = {}
debug_info = '2=20&3=23&4=35&5=37&6=41&8=47&9=55&10=57&12=60&13=64&20=81&21=85&22=91&23=94&25=98&26=101&30=107'
# GENERATED by ``python -m formc.codegen``: do not edit. From formc/targets/html/templates/form.html.j2.
