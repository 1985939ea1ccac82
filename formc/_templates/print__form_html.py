from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'form.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_lang = resolve('lang')
    l_0_title = resolve('title')
    l_0_form = resolve('form')
    l_0_organisation = resolve('organisation')
    l_0_service_name = resolve('service_name')
    l_0_w = resolve('w')
    l_0_rw = resolve('rw')
    l_0_qr_uri = resolve('qr_uri')
    l_0_qr_payload = resolve('qr_payload')
    l_0_description = resolve('description')
    l_0_service_description = resolve('service_description')
    l_0_processing_time = resolve('processing_time')
    l_0_fee = resolve('fee')
    l_0_legal_basis = resolve('legal_basis')
    l_0_send_to_name = resolve('send_to_name')
    l_0_send_to = resolve('send_to')
    l_0_contact = resolve('contact')
    l_0_opening_hours = resolve('opening_hours')
    l_0_pages = resolve('pages')
    l_0_q = missing
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape((undefined(name='lang') if l_0_lang is missing else l_0_lang))
    yield '">\n<head>\n<meta charset="utf-8">\n<title>'
    yield escape((undefined(name='title') if l_0_title is missing else l_0_title))
    yield ' ('
    yield escape(environment.getattr((undefined(name='form') if l_0_form is missing else l_0_form), 'id'))
    yield ' '
    yield escape(environment.getattr((undefined(name='form') if l_0_form is missing else l_0_form), 'version'))
    yield ')</title>\n<meta name="author" content="'
    yield escape((undefined(name='organisation') if l_0_organisation is missing else l_0_organisation))
    yield '">\n<meta name="description" content="'
    yield escape((undefined(name='service_name') if l_0_service_name is missing else l_0_service_name))
    yield '">\n<meta name="keywords" content="'
    yield escape(environment.getattr((undefined(name='form') if l_0_form is missing else l_0_form), 'id'))
    yield '">\n<meta name="generator" content="formc">\n<link rel="stylesheet" href="print.css">\n</head>\n<body>\n'
    l_0_q = context.vars['q'] = environment.get_template('questions.html', 'form.html').make_module(context.get_all(), True, {'q': l_0_q})
    context.exported_vars.discard('q')
    yield '<header class="form-header" data-running="'
    yield escape((undefined(name='organisation') if l_0_organisation is missing else l_0_organisation))
    yield ' · '
    yield escape(environment.getattr((undefined(name='form') if l_0_form is missing else l_0_form), 'id'))
    yield ' '
    yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'version'))
    yield ' '
    yield escape(environment.getattr((undefined(name='form') if l_0_form is missing else l_0_form), 'version'))
    yield ' · '
    yield escape((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '"\n        data-page-word="'
    yield escape(environment.getattr((undefined(name='rw') if l_0_rw is missing else l_0_rw), 'page'))
    yield '" data-of-word="'
    yield escape(environment.getattr((undefined(name='rw') if l_0_rw is missing else l_0_rw), 'of'))
    yield '">\n  <img class="qr" src="'
    yield escape((undefined(name='qr_uri') if l_0_qr_uri is missing else l_0_qr_uri))
    yield '" alt="'
    yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'qr_code'))
    yield ': '
    yield escape((undefined(name='qr_payload') if l_0_qr_payload is missing else l_0_qr_payload))
    yield '">\n  <p class="organisation">'
    yield escape((undefined(name='organisation') if l_0_organisation is missing else l_0_organisation))
    yield '</p>\n  <p class="service">'
    yield escape((undefined(name='service_name') if l_0_service_name is missing else l_0_service_name))
    yield '</p>\n  <h1>'
    yield escape((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '</h1>\n  <p class="form-id">'
    yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'form'))
    yield ' '
    yield escape(environment.getattr((undefined(name='form') if l_0_form is missing else l_0_form), 'id'))
    yield ' · '
    yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'version'))
    yield ' '
    yield escape(environment.getattr((undefined(name='form') if l_0_form is missing else l_0_form), 'version'))
    yield '</p>\n</header>\n<section class="service-info">\n  <h2>'
    yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'about'))
    yield '</h2>\n'
    if (undefined(name='description') if l_0_description is missing else l_0_description):
        pass
        yield '  <p>'
        yield escape((undefined(name='description') if l_0_description is missing else l_0_description))
        yield '</p>\n'
    if (undefined(name='service_description') if l_0_service_description is missing else l_0_service_description):
        pass
        yield '  <p>'
        yield escape((undefined(name='service_description') if l_0_service_description is missing else l_0_service_description))
        yield '</p>\n'
    yield '  <dl>\n'
    if (undefined(name='processing_time') if l_0_processing_time is missing else l_0_processing_time):
        pass
        yield '    <dt>'
        yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'processing_time'))
        yield '</dt><dd>'
        yield escape((undefined(name='processing_time') if l_0_processing_time is missing else l_0_processing_time))
        yield '</dd>\n'
    yield '    <dt>'
    yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'fee'))
    yield '</dt><dd>'
    for l_1_line in (undefined(name='fee') if l_0_fee is missing else l_0_fee):
        _loop_vars = {}
        pass
        yield '<span class="line">'
        yield escape(l_1_line)
        yield '</span>'
    l_1_line = missing
    yield '</dd>\n'
    if (undefined(name='legal_basis') if l_0_legal_basis is missing else l_0_legal_basis):
        pass
        yield '    <dt>'
        yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'legal_basis'))
        yield '</dt><dd>'
        for (l_1_title_, l_1_url) in (undefined(name='legal_basis') if l_0_legal_basis is missing else l_0_legal_basis):
            _loop_vars = {}
            pass
            yield '<span class="line">'
            yield escape(l_1_title_)
            if l_1_url:
                pass
                yield ' ('
                yield escape(l_1_url)
                yield ')'
            yield '</span>'
        l_1_title_ = l_1_url = missing
        yield '</dd>\n'
    yield '    <dt>'
    yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'send_to'))
    yield '</dt><dd><span class="line">'
    yield escape((undefined(name='send_to_name') if l_0_send_to_name is missing else l_0_send_to_name))
    yield '</span>'
    if environment.getattr((undefined(name='send_to') if l_0_send_to is missing else l_0_send_to), 'street'):
        pass
        yield '<span class="line">'
        yield escape(environment.getattr((undefined(name='send_to') if l_0_send_to is missing else l_0_send_to), 'street'))
        yield '</span><span class="line">'
        yield escape(environment.getattr((undefined(name='send_to') if l_0_send_to is missing else l_0_send_to), 'postal_code'))
        yield ' '
        yield escape(environment.getattr((undefined(name='send_to') if l_0_send_to is missing else l_0_send_to), 'city'))
        yield '</span>'
    if environment.getattr((undefined(name='send_to') if l_0_send_to is missing else l_0_send_to), 'email'):
        pass
        yield '<span class="line">'
        yield escape(environment.getattr((undefined(name='send_to') if l_0_send_to is missing else l_0_send_to), 'email'))
        yield '</span>'
    yield '</dd>\n'
    if (undefined(name='contact') if l_0_contact is missing else l_0_contact):
        pass
        yield '    <dt>'
        yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'contact'))
        yield '</dt><dd>'
        if environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'email'):
            pass
            yield '<span class="line">'
            yield escape(environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'email'))
            yield '</span>'
        if environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'phone'):
            pass
            yield '<span class="line">'
            yield escape(environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'phone'))
            yield '</span>'
        if environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'url'):
            pass
            yield '<span class="line">'
            yield escape(environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'url'))
            yield '</span>'
        if (undefined(name='opening_hours') if l_0_opening_hours is missing else l_0_opening_hours):
            pass
            yield '<span class="line">'
            yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'opening_hours'))
            yield ': '
            yield escape((undefined(name='opening_hours') if l_0_opening_hours is missing else l_0_opening_hours))
            yield '</span>'
        yield '</dd>\n'
    yield '  </dl>\n  <p class="instructions">'
    yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'instructions'))
    yield '</p>\n</section>\n<main>\n'
    for (l_1_page_title, l_1_questions) in (undefined(name='pages') if l_0_pages is missing else l_0_pages):
        _loop_vars = {}
        pass
        yield '<section class="page">\n'
        if l_1_page_title:
            pass
            yield '  <h2>'
            yield escape(l_1_page_title)
            yield '</h2>\n'
        for l_2_question in l_1_questions:
            _loop_vars = {}
            pass
            yield '  '
            yield escape(context.call(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'question'), l_2_question, _loop_vars=_loop_vars))
            yield '\n'
        l_2_question = missing
        yield '</section>\n'
    l_1_page_title = l_1_questions = missing
    yield '</main>\n<section class="signature">\n  <p class="label">'
    yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'signature'))
    yield '</p>\n  <div class="signature-line"></div>\n</section>\n<section class="office-use">\n  <h2>'
    yield escape(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'office_use'))
    yield '</h2>\n  <div class="office-grid">\n'
    for l_1_key in ('received_date', 'case_number', 'journal_number', 'employee'):
        _loop_vars = {}
        pass
        yield '    <div class="office-cell"><p class="sub-label">'
        yield escape(environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), l_1_key))
        yield '</p><div class="write-line"></div></div>\n'
    l_1_key = missing
    yield '  </div>\n</section>\n</body>\n</html>\n'

blocks = {}
debug_info = '2=32&5=34&6=40&7=42&8=44&13=46&14=49&15=59&16=63&17=69&18=71&19=73&20=75&23=83&24=85&25=88&27=90&28=93&31=96&32=99&34=104&35=114&36=117&38=133&39=152&40=155&43=181&46=183&48=187&49=190&51=192&52=196&58=202&62=204&64=206&65=210'
# GENERATED by ``python -m formc.codegen``: do not edit. From formc/targets/print/templates/form.html.
