from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'service.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'service.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_head(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_description = resolve('description')
    l_0_keywords = resolve('keywords')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    if (undefined(name='description') if l_0_description is missing else l_0_description):
        pass
        yield '<meta name="description" content="'
        yield escape((undefined(name='description') if l_0_description is missing else l_0_description))
        yield '">\n'
    if (undefined(name='keywords') if l_0_keywords is missing else l_0_keywords):
        pass
        yield '<meta name="keywords" content="'
        yield escape(t_1(context.eval_ctx, (undefined(name='keywords') if l_0_keywords is missing else l_0_keywords), ', '))
        yield '">\n'

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_ui = resolve('ui')
    l_0_index_href = resolve('index_href')
    l_0_title = resolve('title')
    l_0_authority = resolve('authority')
    l_0_description = resolve('description')
    l_0_web_form = resolve('web_form')
    l_0_paper_form = resolve('paper_form')
    l_0_audience = resolve('audience')
    l_0_processing_time = resolve('processing_time')
    l_0_fee = resolve('fee')
    l_0_life_events = resolve('life_events')
    l_0_channels = resolve('channels')
    l_0_steps = resolve('steps')
    l_0_legal_basis = resolve('legal_basis')
    l_0_contact = resolve('contact')
    try:
        t_2 = environment.filters['striptags']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'striptags' found.")
    pass
    yield '<nav class="breadcrumbs" aria-label="'
    yield escape(t_2(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'all_services')))
    yield '">\n  <a href="'
    yield escape((undefined(name='index_href') if l_0_index_href is missing else l_0_index_href))
    yield '">'
    yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'all_services'))
    yield '</a>\n</nav>\n<h1>'
    yield escape((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '</h1>\n<p class="authority">'
    yield escape((undefined(name='authority') if l_0_authority is missing else l_0_authority))
    yield '</p>\n'
    if (undefined(name='description') if l_0_description is missing else l_0_description):
        pass
        yield '<p class="lead">'
        yield escape((undefined(name='description') if l_0_description is missing else l_0_description))
        yield '</p>\n'
    if ((undefined(name='web_form') if l_0_web_form is missing else l_0_web_form) or (undefined(name='paper_form') if l_0_paper_form is missing else l_0_paper_form)):
        pass
        yield '<section class="apply" aria-labelledby="apply-heading">\n  <h2 id="apply-heading">'
        yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'apply'))
        yield '</h2>\n  <ul class="actions">\n'
        if (undefined(name='web_form') if l_0_web_form is missing else l_0_web_form):
            pass
            yield '    <li><a class="button" href="'
            yield escape((undefined(name='web_form') if l_0_web_form is missing else l_0_web_form))
            yield '">'
            yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'web_form'))
            yield '</a></li>\n'
        if (undefined(name='paper_form') if l_0_paper_form is missing else l_0_paper_form):
            pass
            yield '    <li><a href="'
            yield escape((undefined(name='paper_form') if l_0_paper_form is missing else l_0_paper_form))
            yield '" type="application/pdf">'
            yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'paper_form'))
            yield '</a></li>\n'
        yield '  </ul>\n</section>\n'
    yield '<dl class="facts">\n'
    if (undefined(name='audience') if l_0_audience is missing else l_0_audience):
        pass
        yield '  <dt>'
        yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'audience'))
        yield '</dt>\n'
        for l_1_item in (undefined(name='audience') if l_0_audience is missing else l_0_audience):
            _loop_vars = {}
            pass
            yield '  <dd>'
            yield escape(l_1_item)
            yield '</dd>\n'
        l_1_item = missing
    yield '  <dt>'
    yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'processing_time'))
    yield '</dt>\n  <dd>'
    yield escape(((undefined(name='processing_time') if l_0_processing_time is missing else l_0_processing_time) if (undefined(name='processing_time') if l_0_processing_time is missing else l_0_processing_time) else environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'no_processing_time')))
    yield '</dd>\n'
    if (undefined(name='fee') if l_0_fee is missing else l_0_fee):
        pass
        yield '  <dt>'
        yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'fee'))
        yield '</dt>\n  <dd>'
        yield escape(environment.getattr((undefined(name='fee') if l_0_fee is missing else l_0_fee), 'amount'))
        if environment.getattr((undefined(name='fee') if l_0_fee is missing else l_0_fee), 'description'):
            pass
            yield '<br>'
            yield escape(environment.getattr((undefined(name='fee') if l_0_fee is missing else l_0_fee), 'description'))
        yield '</dd>\n'
    if (undefined(name='life_events') if l_0_life_events is missing else l_0_life_events):
        pass
        yield '  <dt>'
        yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'life_events'))
        yield '</dt>\n'
        for l_1_event in (undefined(name='life_events') if l_0_life_events is missing else l_0_life_events):
            _loop_vars = {}
            pass
            yield '  <dd><a href="'
            yield escape(environment.getattr(l_1_event, 'href'))
            yield '">'
            yield escape(environment.getattr(l_1_event, 'label'))
            yield '</a></dd>\n'
        l_1_event = missing
    yield '</dl>\n'
    if (undefined(name='channels') if l_0_channels is missing else l_0_channels):
        pass
        yield '<section aria-labelledby="channels-heading">\n  <h2 id="channels-heading">'
        yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'channels'))
        yield '</h2>\n  <ul>\n'
        for l_1_channel in (undefined(name='channels') if l_0_channels is missing else l_0_channels):
            _loop_vars = {}
            pass
            yield '    <li>'
            yield escape(l_1_channel)
            yield '</li>\n'
        l_1_channel = missing
        yield '  </ul>\n</section>\n'
    if (undefined(name='steps') if l_0_steps is missing else l_0_steps):
        pass
        yield '<section aria-labelledby="process-heading">\n  <h2 id="process-heading">'
        yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'process'))
        yield '</h2>\n  <table class="process">\n    <thead>\n      <tr><th scope="col">'
        yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'step'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'actor'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'how'))
        yield '</th><th scope="col">'
        yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'duration'))
        yield '</th></tr>\n    </thead>\n    <tbody>\n'
        l_1_loop = missing
        for l_1_step, l_1_loop in LoopContext((undefined(name='steps') if l_0_steps is missing else l_0_steps), undefined):
            _loop_vars = {}
            pass
            yield '      <tr><th scope="row">'
            yield escape(environment.getattr(l_1_loop, 'index'))
            yield '. '
            yield escape(environment.getattr(l_1_step, 'title'))
            yield '</th><td data-label="'
            yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'actor'))
            yield '">'
            yield escape(environment.getattr(l_1_step, 'actor'))
            yield '</td><td data-label="'
            yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'how'))
            yield '">'
            yield escape(environment.getattr(l_1_step, 'automated'))
            yield '</td><td data-label="'
            yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'duration'))
            yield '">'
            yield escape((environment.getattr(l_1_step, 'duration') if environment.getattr(l_1_step, 'duration') else '–'))
            yield '</td></tr>\n'
        l_1_loop = l_1_step = missing
        yield '    </tbody>\n  </table>\n</section>\n'
    if (undefined(name='legal_basis') if l_0_legal_basis is missing else l_0_legal_basis):
        pass
        yield '<section aria-labelledby="legal-heading">\n  <h2 id="legal-heading">'
        yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'legal_basis'))
        yield '</h2>\n  <ul>\n'
        for l_1_basis in (undefined(name='legal_basis') if l_0_legal_basis is missing else l_0_legal_basis):
            _loop_vars = {}
            pass
            yield '    <li>'
            if environment.getattr(l_1_basis, 'url'):
                pass
                yield '<a href="'
                yield escape(environment.getattr(l_1_basis, 'url'))
                yield '">'
                yield escape(environment.getattr(l_1_basis, 'title'))
                yield '</a>'
            else:
                pass
                yield escape(environment.getattr(l_1_basis, 'title'))
            yield '</li>\n'
        l_1_basis = missing
        yield '  </ul>\n</section>\n'
    if (((environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'email') or environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'phone')) or environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'url')) or environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'opening_hours')):
        pass
        yield '<section aria-labelledby="contact-heading">\n  <h2 id="contact-heading">'
        yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'contact'))
        yield '</h2>\n  <dl class="contact">\n'
        if environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'email'):
            pass
            yield '    <dt>'
            yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'email'))
            yield '</dt><dd><a href="mailto:'
            yield escape(environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'email'))
            yield '">'
            yield escape(environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'email'))
            yield '</a></dd>\n'
        if environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'phone'):
            pass
            yield '    <dt>'
            yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'phone'))
            yield '</dt><dd><a href="'
            yield escape(environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'phone_href'))
            yield '">'
            yield escape(environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'phone'))
            yield '</a></dd>\n'
        if environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'url'):
            pass
            yield '    <dt>'
            yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'web'))
            yield '</dt><dd><a href="'
            yield escape(environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'url'))
            yield '">'
            yield escape(environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'url'))
            yield '</a></dd>\n'
        if environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'opening_hours'):
            pass
            yield '    <dt>'
            yield escape(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'opening_hours'))
            yield '</dt><dd>'
            yield escape(environment.getattr((undefined(name='contact') if l_0_contact is missing else l_0_contact), 'opening_hours'))
            yield '</dd>\n'
        yield '  </dl>\n</section>\n'

blocks = {'head': block_head, 'main': block_main}
debug_info = '1=12&2=17&3=33&4=36&6=38&7=41&10=44&11=74&12=76&14=80&15=82&16=84&17=87&19=89&21=92&23=94&24=97&26=101&27=104&33=110&34=113&35=115&36=119&39=123&40=125&41=127&42=130&43=132&45=138&46=141&47=143&48=147&52=153&54=156&56=158&57=162&62=166&64=169&67=171&70=180&71=184&77=202&79=205&81=207&82=211&87=224&89=227&91=229&92=232&94=238&95=241&97=247&98=250&100=256&101=259'
# GENERATED by ``python -m formc.codegen``: do not edit. From formc/targets/catalog/templates/service.html.
