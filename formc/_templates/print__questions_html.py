from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'questions.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_boxes = l_0_lines = l_0_heading = l_0_question = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['min']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'min' found.")
    pass
    def macro(l_1_count):
        t_3 = []
        l_1_range = resolve('range')
        if l_1_count is missing:
            l_1_count = undefined("parameter 'count' was not provided", name='count')
        pass
        t_3.append(
            '<span class="boxes">',
        )
        for l_2__ in context.call((undefined(name='range') if l_1_range is missing else l_1_range), l_1_count):
            _loop_vars = {}
            pass
            t_3.append(
                '<span class="box"></span>',
            )
        l_2__ = missing
        t_3.append(
            '</span>',
        )
        return concat(t_3)
    context.exported_vars.add('boxes')
    context.vars['boxes'] = l_0_boxes = Macro(environment, macro, 'boxes', ('count',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_count):
        t_4 = []
        l_1_range = resolve('range')
        if l_1_count is missing:
            l_1_count = undefined("parameter 'count' was not provided", name='count')
        pass
        for l_2__ in context.call((undefined(name='range') if l_1_range is missing else l_1_range), l_1_count):
            _loop_vars = {}
            pass
            t_4.append(
                '<div class="write-line"></div>',
            )
        l_2__ = missing
        return concat(t_4)
    context.exported_vars.add('lines')
    context.vars['lines'] = l_0_lines = Macro(environment, macro, 'lines', ('count',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_item, l_1_extra, l_1_tag):
        t_5 = []
        if l_1_item is missing:
            l_1_item = undefined("parameter 'item' was not provided", name='item')
        if l_1_extra is missing:
            l_1_extra = undefined("parameter 'extra' was not provided", name='extra')
        if l_1_tag is missing:
            l_1_tag = 'p'
        pass
        t_5.extend((
            '<',
            escape(l_1_tag),
            ' class="label',
            escape(l_1_extra),
            '">',
        ))
        if environment.getattr(l_1_item, 'number'):
            pass
            t_5.extend((
                '<span class="number">',
                escape(environment.getattr(l_1_item, 'number')),
                '</span>',
            ))
        t_5.append(
            escape(environment.getattr(l_1_item, 'label')),
        )
        if environment.getattr(l_1_item, 'required'):
            pass
            t_5.append(
                '<span class="required"> *</span>',
            )
        t_5.extend((
            '</',
            escape(l_1_tag),
            '>\n',
        ))
        if environment.getattr(l_1_item, 'hint'):
            pass
            t_5.extend((
                '  <p class="hint">',
                escape(environment.getattr(l_1_item, 'hint')),
                '</p>\n',
            ))
        for l_2_note in environment.getattr(l_1_item, 'notes'):
            _loop_vars = {}
            pass
            t_5.extend((
                '  <p class="condition">',
                escape(l_2_note),
                '</p>\n',
            ))
        l_2_note = missing
        return concat(t_5)
    context.exported_vars.add('heading')
    context.vars['heading'] = l_0_heading = Macro(environment, macro, 'heading', ('item', 'extra', 'tag'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_item, l_1_level):
        t_6 = []
        l_1_rw = resolve('rw')
        l_1_w = resolve('w')
        if l_1_item is missing:
            l_1_item = undefined("parameter 'item' was not provided", name='item')
        if l_1_level is missing:
            l_1_level = 3
        pass
        if (environment.getattr(l_1_item, 'space') == 'note'):
            pass
            t_6.append(
                '<div class="note">\n',
            )
            if environment.getattr(l_1_item, 'label'):
                pass
                t_6.extend((
                    '  <p class="note-title">',
                    escape(environment.getattr(l_1_item, 'label')),
                    '</p>\n',
                ))
            t_6.extend((
                '  <p>',
                escape(environment.getattr(l_1_item, 'hint')),
                '</p>\n</div>\n',
            ))
        elif (environment.getattr(l_1_item, 'space') in ('group', 'repeat')):
            pass
            t_6.extend((
                '<div class="container q-',
                escape(environment.getattr(l_1_item, 'space')),
                '">\n  ',
                escape(context.call((undefined(name='heading') if l_0_heading is missing else l_0_heading), l_1_item, ' container-label', ('h%d' % t_2(environment, [l_1_level, 6])))),
            ))
            if (environment.getattr(l_1_item, 'space') == 'group'):
                pass
                for l_2_child in environment.getattr(l_1_item, 'children'):
                    _loop_vars = {}
                    pass
                    t_6.extend((
                        '  ',
                        escape(context.call((undefined(name='question') if l_0_question is missing else l_0_question), l_2_child, (l_1_level + 1), _loop_vars=_loop_vars)),
                        '\n',
                    ))
                l_2_child = missing
            else:
                pass
                for l_2_heading in environment.getattr(l_1_item, 'blocks'):
                    _loop_vars = {}
                    pass
                    t_6.extend((
                        '  <div class="block">\n    <',
                        escape(('h%d' % t_2(environment, [(l_1_level + 1), 6]))),
                        ' class="block-heading">',
                        escape(l_2_heading),
                        '</',
                        escape(('h%d' % t_2(environment, [(l_1_level + 1), 6]))),
                        '>\n',
                    ))
                    for l_3_child in environment.getattr(l_1_item, 'children'):
                        _loop_vars = {}
                        pass
                        t_6.extend((
                            '    ',
                            escape(context.call((undefined(name='question') if l_0_question is missing else l_0_question), l_3_child, (l_1_level + 2), _loop_vars=_loop_vars)),
                            '\n',
                        ))
                    l_3_child = missing
                    t_6.append(
                        '  </div>\n',
                    )
                l_2_heading = missing
                if environment.getattr(l_1_item, 'more'):
                    pass
                    t_6.extend((
                        '  <p class="more">',
                        escape(environment.getattr(l_1_item, 'more')),
                        '</p>\n',
                    ))
            t_6.append(
                '</div>\n',
            )
        else:
            pass
            t_6.extend((
                '<div class="question q-',
                escape(environment.getattr(l_1_item, 'space')),
                '">\n  ',
                escape(context.call((undefined(name='heading') if l_0_heading is missing else l_0_heading), l_1_item, '')),
                '  <div class="answer">\n',
            ))
            if (environment.getattr(l_1_item, 'space') == 'boxes'):
                pass
                t_6.extend((
                    '    ',
                    escape(context.call((undefined(name='boxes') if l_0_boxes is missing else l_0_boxes), environment.getattr(l_1_item, 'boxes'))),
                    '\n',
                ))
            elif (environment.getattr(l_1_item, 'space') == 'date'):
                pass
                t_6.extend((
                    '    ',
                    escape(context.call((undefined(name='boxes') if l_0_boxes is missing else l_0_boxes), 2)),
                    '<span class="sep">.</span>',
                    escape(context.call((undefined(name='boxes') if l_0_boxes is missing else l_0_boxes), 2)),
                    '<span class="sep">.</span>',
                    escape(context.call((undefined(name='boxes') if l_0_boxes is missing else l_0_boxes), 4)),
                    '<span class="placeholder">',
                    escape(environment.getattr((undefined(name='rw') if l_1_rw is missing else l_1_rw), 'date_placeholder')),
                    '</span>\n',
                ))
            elif (environment.getattr(l_1_item, 'space') == 'time'):
                pass
                t_6.extend((
                    '    ',
                    escape(context.call((undefined(name='boxes') if l_0_boxes is missing else l_0_boxes), 2)),
                    '<span class="sep">:</span>',
                    escape(context.call((undefined(name='boxes') if l_0_boxes is missing else l_0_boxes), 2)),
                    '<span class="placeholder">',
                    escape(environment.getattr((undefined(name='rw') if l_1_rw is missing else l_1_rw), 'time_placeholder')),
                    '</span>\n',
                ))
            elif (environment.getattr(l_1_item, 'space') == 'lines'):
                pass
                t_6.extend((
                    '    ',
                    escape(context.call((undefined(name='lines') if l_0_lines is missing else l_0_lines), environment.getattr(l_1_item, 'lines'))),
                    '\n',
                ))
            elif (environment.getattr(l_1_item, 'space') == 'number'):
                pass
                t_6.append(
                    '    <span class="number-field"></span>',
                )
                if environment.getattr(l_1_item, 'unit'):
                    pass
                    t_6.extend((
                        '<span class="unit">',
                        escape(environment.getattr(l_1_item, 'unit')),
                        '</span>',
                    ))
            elif (environment.getattr(l_1_item, 'space') == 'ticks'):
                pass
                t_6.extend((
                    '    <p class="tick-help">',
                    escape((environment.getattr((undefined(name='w') if l_1_w is missing else l_1_w), 'tick_any') if environment.getattr(l_1_item, 'multiple') else environment.getattr((undefined(name='w') if l_1_w is missing else l_1_w), 'tick_one'))),
                    '</p>\n    <ul class="options',
                ))
                if (t_1(environment.getattr(l_1_item, 'options')) > 6):
                    pass
                    t_6.append(
                        ' many',
                    )
                t_6.append(
                    '">\n',
                )
                for l_2_option in environment.getattr(l_1_item, 'options'):
                    _loop_vars = {}
                    pass
                    t_6.extend((
                        '      <li><span class="tick"></span>',
                        escape(l_2_option),
                        '</li>\n',
                    ))
                l_2_option = missing
                t_6.append(
                    '    </ul>\n',
                )
            elif (environment.getattr(l_1_item, 'space') == 'yesno'):
                pass
                t_6.append(
                    '    <ul class="options inline">\n',
                )
                for l_2_option in environment.getattr(l_1_item, 'options'):
                    _loop_vars = {}
                    pass
                    t_6.extend((
                        '      <li><span class="tick"></span>',
                        escape(l_2_option),
                        '</li>\n',
                    ))
                l_2_option = missing
                t_6.append(
                    '    </ul>\n',
                )
            elif (environment.getattr(l_1_item, 'space') == 'consent'):
                pass
                t_6.extend((
                    '    <ul class="options inline"><li><span class="tick"></span>',
                    escape(environment.getattr((undefined(name='rw') if l_1_rw is missing else l_1_rw), 'yes')),
                    '</li></ul>\n',
                ))
            elif (environment.getattr(l_1_item, 'space') == 'attach'):
                pass
                t_6.extend((
                    '    <p class="attach"><span class="tick"></span>',
                    escape(environment.getattr((undefined(name='w') if l_1_w is missing else l_1_w), 'attach')),
                    '</p>\n',
                ))
            elif (environment.getattr(l_1_item, 'space') == 'address'):
                pass
                t_6.extend((
                    '    <p class="sub-label">',
                    escape(environment.getattr((undefined(name='w') if l_1_w is missing else l_1_w), 'street')),
                    '</p>\n    ',
                    escape(context.call((undefined(name='lines') if l_0_lines is missing else l_0_lines), 1)),
                    '\n    <div class="postal">\n      <div><p class="sub-label">',
                    escape(environment.getattr((undefined(name='w') if l_1_w is missing else l_1_w), 'postal_code')),
                    '</p>',
                    escape(context.call((undefined(name='boxes') if l_0_boxes is missing else l_0_boxes), environment.getattr(l_1_item, 'boxes'))),
                    '</div>\n      <div class="city"><p class="sub-label">',
                    escape(environment.getattr((undefined(name='w') if l_1_w is missing else l_1_w), 'city')),
                    '</p>',
                    escape(context.call((undefined(name='lines') if l_0_lines is missing else l_0_lines), 1)),
                    '</div>\n    </div>\n    <p class="sub-label">',
                    escape(environment.getattr((undefined(name='w') if l_1_w is missing else l_1_w), 'country_abroad')),
                    '</p>\n    ',
                    escape(context.call((undefined(name='lines') if l_0_lines is missing else l_0_lines), 1)),
                    '\n',
                ))
            t_6.append(
                '  </div>\n</div>\n',
            )
        return concat(t_6)
    context.exported_vars.add('question')
    context.vars['question'] = l_0_question = Macro(environment, macro, 'question', ('item', 'level'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=24&3=46&4=62&5=73&6=98&7=102&9=105&10=110&14=117&15=126&17=131&18=135&20=140&22=143&23=147&24=149&25=153&26=158&29=164&31=169&32=176&33=181&37=189&38=193&43=203&44=205&45=208&46=212&47=215&48=219&49=228&50=232&51=239&52=243&53=246&54=251&55=258&56=262&57=265&58=273&59=278&62=285&64=290&65=295&68=302&69=306&70=309&71=313&72=316&73=320&74=322&76=324&77=328&79=332&80=334'
# GENERATED by ``python -m formc.codegen``: do not edit. From formc/targets/print/templates/questions.html.
