from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'fields.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_field = missing
    pass
    def macro(l_1_n):
        t_1 = []
        l_1_notes = missing
        if l_1_n is missing:
            l_1_n = undefined("parameter 'n' was not provided", name='n')
        pass
        t_2 = []
        pass
        if environment.getattr(l_1_n, 'hint'):
            pass
            t_2.extend((
                '<div class="formc-hint" id="',
                escape(environment.getattr(l_1_n, 'id')),
                '-hint">',
                escape(environment.getattr(l_1_n, 'hint')),
                '</div>\n',
            ))
        if environment.getattr(l_1_n, 'format'):
            pass
            t_2.extend((
                '<div class="formc-hint" id="',
                escape(environment.getattr(l_1_n, 'id')),
                '-format">',
                escape(environment.getattr(l_1_n, 'format')),
                '</div>\n',
            ))
        if environment.getattr(l_1_n, 'conditional'):
            pass
            t_2.extend((
                '<p class="formc-condition formc-nojs" id="',
                escape(environment.getattr(l_1_n, 'id')),
                '-cond">',
                escape(environment.getattr(l_1_n, 'condition')),
                '</p>\n',
            ))
        if environment.getattr(l_1_n, 'required_if'):
            pass
            t_2.extend((
                '<p class="formc-hint" id="',
                escape(environment.getattr(l_1_n, 'id')),
                '-req">',
                escape(environment.getattr(l_1_n, 'required_if')),
                '</p>\n',
            ))
        if ((environment.getattr(l_1_n, 'type') == 'file') and environment.getattr(l_1_n, 'files_note')):
            pass
            t_2.extend((
                '<div class="formc-hint" id="',
                escape(environment.getattr(l_1_n, 'id')),
                '-files">',
                escape(environment.getattr(l_1_n, 'files_note')),
                '</div>\n',
            ))
        if environment.getattr(l_1_n, 'errors'):
            pass
            t_2.extend((
                '<p class="formc-error-message" id="',
                escape(environment.getattr(l_1_n, 'id')),
                '-error"><span class="formc-visually-hidden">',
                escape(environment.getattr(l_1_n, 'error_word')),
                ' </span>',
            ))
            for l_3_m in environment.getattr(l_1_n, 'errors'):
                _loop_vars = {}
                pass
                t_2.extend((
                    escape(l_3_m),
                    ' ',
                ))
            l_3_m = missing
            t_2.append(
                '</p>\n',
            )
        else:
            pass
            t_2.extend((
                '<p class="formc-error-message" id="',
                escape(environment.getattr(l_1_n, 'id')),
                '-error" hidden></p>\n',
            ))
        l_1_notes = (Markup if context.eval_ctx.autoescape else identity)(concat(t_2))
        t_1.extend((
            '<div class="formc-field formc-type-',
            escape(environment.getattr(l_1_n, 'type')),
        ))
        if environment.getattr(l_1_n, 'errors'):
            pass
            t_1.append(
                ' formc-field-error',
            )
        t_1.extend((
            '" data-formc-path="',
            escape(environment.getattr(l_1_n, 'name')),
            '"',
        ))
        if environment.getattr(l_1_n, 'conditional'):
            pass
            t_1.append(
                ' data-formc-cond',
            )
        t_1.append(
            '>\n',
        )
        if (environment.getattr(l_1_n, 'type') == 'note'):
            pass
            if environment.getattr(l_1_n, 'label'):
                pass
                t_1.extend((
                    '<p class="formc-note-title">',
                    escape(environment.getattr(l_1_n, 'label')),
                    '</p>\n',
                ))
            if environment.getattr(l_1_n, 'conditional'):
                pass
                t_1.extend((
                    '<p class="formc-condition formc-nojs">',
                    escape(environment.getattr(l_1_n, 'condition')),
                    '</p>\n',
                ))
            t_1.extend((
                '<p class="formc-note-text">',
                escape(environment.getattr(l_1_n, 'text')),
                '</p>\n',
            ))
        elif (environment.getattr(l_1_n, 'type') == 'consent'):
            pass
            t_1.extend((
                escape((undefined(name='notes') if l_1_notes is missing else l_1_notes)),
                '\n<div class="formc-choice">\n<input class="formc-choice-input" type="checkbox" id="',
                escape(environment.getattr(l_1_n, 'id')),
                '" name="',
                escape(environment.getattr(l_1_n, 'name')),
                '" value="true"',
            ))
            if environment.getattr(l_1_n, 'described'):
                pass
                t_1.extend((
                    ' aria-describedby="',
                    escape(environment.getattr(l_1_n, 'described')),
                    '"',
                ))
            if environment.getattr(l_1_n, 'checked'):
                pass
                t_1.append(
                    ' checked',
                )
            if environment.getattr(l_1_n, 'invalid'):
                pass
                t_1.append(
                    ' aria-invalid="true"',
                )
            t_1.extend((
                '>\n<label class="formc-choice-label" for="',
                escape(environment.getattr(l_1_n, 'id')),
                '">',
                escape(environment.getattr(l_1_n, 'label')),
            ))
            if environment.getattr(l_1_n, 'optional'):
                pass
                t_1.extend((
                    ' <span class="formc-optional">',
                    escape(environment.getattr(l_1_n, 'optional')),
                    '</span>',
                ))
            t_1.append(
                '</label>\n</div>\n',
            )
        elif (environment.getattr(l_1_n, 'options') and (not environment.getattr(l_1_n, 'select'))):
            pass
            t_1.append(
                '<fieldset class="formc-fieldset"',
            )
            if environment.getattr(l_1_n, 'described'):
                pass
                t_1.extend((
                    ' aria-describedby="',
                    escape(environment.getattr(l_1_n, 'described')),
                    '"',
                ))
            t_1.extend((
                '>\n<legend class="formc-legend">',
                escape(environment.getattr(l_1_n, 'label')),
            ))
            if environment.getattr(l_1_n, 'optional'):
                pass
                t_1.extend((
                    ' <span class="formc-optional">',
                    escape(environment.getattr(l_1_n, 'optional')),
                    '</span>',
                ))
            t_1.extend((
                '</legend>\n',
                escape((undefined(name='notes') if l_1_notes is missing else l_1_notes)),
                '\n<div class="formc-choices">\n',
            ))
            for l_2_o in environment.getattr(l_1_n, 'options'):
                _loop_vars = {}
                pass
                t_1.extend((
                    '<div class="formc-choice">\n<input class="formc-choice-input" type="',
                    escape(('checkbox' if (environment.getattr(l_1_n, 'type') == 'multichoice') else 'radio')),
                    '" id="',
                    escape(environment.getattr(l_2_o, 'id')),
                    '" name="',
                    escape(environment.getattr(l_1_n, 'name')),
                    '" value="',
                    escape(environment.getattr(l_2_o, 'value')),
                    '"',
                ))
                if environment.getattr(l_2_o, 'checked'):
                    pass
                    t_1.append(
                        ' checked',
                    )
                if environment.getattr(l_2_o, 'invalid'):
                    pass
                    t_1.append(
                        ' aria-invalid="true"',
                    )
                t_1.extend((
                    '>\n<label class="formc-choice-label" for="',
                    escape(environment.getattr(l_2_o, 'id')),
                    '">',
                    escape(environment.getattr(l_2_o, 'label')),
                    '</label>\n</div>\n',
                ))
            l_2_o = missing
            t_1.append(
                '</div>\n</fieldset>\n',
            )
        elif ((environment.getattr(l_1_n, 'type') == 'file') and environment.getattr(l_1_n, 'uploaded')):
            pass
            t_1.append(
                '<fieldset class="formc-fieldset"',
            )
            if environment.getattr(l_1_n, 'described'):
                pass
                t_1.extend((
                    ' aria-describedby="',
                    escape(environment.getattr(l_1_n, 'described')),
                    '"',
                ))
            t_1.extend((
                '>\n<legend class="formc-legend">',
                escape(environment.getattr(l_1_n, 'label')),
            ))
            if environment.getattr(l_1_n, 'optional'):
                pass
                t_1.extend((
                    ' <span class="formc-optional">',
                    escape(environment.getattr(l_1_n, 'optional')),
                    '</span>',
                ))
            t_1.extend((
                '</legend>\n',
                escape((undefined(name='notes') if l_1_notes is missing else l_1_notes)),
                '\n<div class="formc-choices">\n',
            ))
            for l_2_u in environment.getattr(l_1_n, 'uploaded'):
                _loop_vars = {}
                pass
                t_1.extend((
                    '<div class="formc-choice">\n<input class="formc-choice-input" type="checkbox" id="',
                    escape(environment.getattr(l_2_u, 'id')),
                    '" name="',
                    escape(environment.getattr(l_1_n, 'name')),
                    '" value="',
                    escape(environment.getattr(l_2_u, 'value')),
                    '" checked data-formc-upload="',
                    escape(environment.getattr(l_2_u, 'meta')),
                    '"',
                ))
                if environment.getattr(l_2_u, 'invalid'):
                    pass
                    t_1.append(
                        ' aria-invalid="true"',
                    )
                t_1.extend((
                    '>\n<label class="formc-choice-label" for="',
                    escape(environment.getattr(l_2_u, 'id')),
                    '">',
                    escape(environment.getattr(l_2_u, 'label')),
                    '</label>\n</div>\n',
                ))
            l_2_u = missing
            t_1.append(
                '</div>\n',
            )
            if environment.getattr(l_1_n, 'more'):
                pass
                t_1.extend((
                    '<label class="formc-label" for="',
                    escape(environment.getattr(l_1_n, 'id')),
                    '-more">',
                    escape(environment.getattr(l_1_n, 'another')),
                    '</label>\n<input class="formc-file" type="file" id="',
                    escape(environment.getattr(l_1_n, 'id')),
                    '-more" name="',
                    escape(environment.getattr(l_1_n, 'name')),
                    '"',
                ))
                if environment.getattr(l_1_n, 'accept'):
                    pass
                    t_1.extend((
                        ' accept="',
                        escape(environment.getattr(l_1_n, 'accept')),
                        '"',
                    ))
                if environment.getattr(l_1_n, 'multiple'):
                    pass
                    t_1.append(
                        ' multiple',
                    )
                t_1.append(
                    '>\n',
                )
            t_1.append(
                '</fieldset>\n',
            )
        elif (environment.getattr(l_1_n, 'type') == 'address'):
            pass
            t_1.append(
                '<fieldset class="formc-fieldset"',
            )
            if environment.getattr(l_1_n, 'described'):
                pass
                t_1.extend((
                    ' aria-describedby="',
                    escape(environment.getattr(l_1_n, 'described')),
                    '"',
                ))
            t_1.extend((
                '>\n<legend class="formc-legend">',
                escape(environment.getattr(l_1_n, 'label')),
            ))
            if environment.getattr(l_1_n, 'optional'):
                pass
                t_1.extend((
                    ' <span class="formc-optional">',
                    escape(environment.getattr(l_1_n, 'optional')),
                    '</span>',
                ))
            t_1.extend((
                '</legend>\n',
                escape((undefined(name='notes') if l_1_notes is missing else l_1_notes)),
                '\n',
            ))
            for l_2_p in environment.getattr(l_1_n, 'parts'):
                _loop_vars = {}
                pass
                t_1.extend((
                    '<div class="formc-part">\n<label class="formc-label" for="',
                    escape(environment.getattr(l_2_p, 'id')),
                    '">',
                    escape(environment.getattr(l_2_p, 'label')),
                    '</label>\n<input class="formc-input formc-w-',
                    escape(environment.getattr(l_2_p, 'width')),
                    '" type="text" id="',
                    escape(environment.getattr(l_2_p, 'id')),
                    '" name="',
                    escape(environment.getattr(l_2_p, 'name')),
                    '" autocomplete="',
                    escape(environment.getattr(l_2_p, 'autocomplete')),
                    '"',
                ))
                if environment.getattr(l_2_p, 'inputmode'):
                    pass
                    t_1.extend((
                        ' inputmode="',
                        escape(environment.getattr(l_2_p, 'inputmode')),
                        '"',
                    ))
                if environment.getattr(l_2_p, 'value'):
                    pass
                    t_1.extend((
                        ' value="',
                        escape(environment.getattr(l_2_p, 'value')),
                        '"',
                    ))
                if environment.getattr(l_2_p, 'invalid'):
                    pass
                    t_1.append(
                        ' aria-invalid="true"',
                    )
                t_1.append(
                    '>\n</div>\n',
                )
            l_2_p = missing
            t_1.append(
                '</fieldset>\n',
            )
        elif (environment.getattr(l_1_n, 'type') == 'group'):
            pass
            t_1.append(
                '<fieldset class="formc-fieldset formc-group"',
            )
            if environment.getattr(l_1_n, 'described'):
                pass
                t_1.extend((
                    ' aria-describedby="',
                    escape(environment.getattr(l_1_n, 'described')),
                    '"',
                ))
            t_1.extend((
                '>\n<legend class="formc-legend formc-group-legend">',
                escape(environment.getattr(l_1_n, 'label')),
            ))
            if environment.getattr(l_1_n, 'optional'):
                pass
                t_1.extend((
                    ' <span class="formc-optional">',
                    escape(environment.getattr(l_1_n, 'optional')),
                    '</span>',
                ))
            t_1.extend((
                '</legend>\n',
                escape((undefined(name='notes') if l_1_notes is missing else l_1_notes)),
                '\n',
            ))
            for l_2_child in environment.getattr(l_1_n, 'children'):
                _loop_vars = {}
                pass
                t_1.extend((
                    escape(context.call((undefined(name='field') if l_0_field is missing else l_0_field), l_2_child, _loop_vars=_loop_vars)),
                    '\n',
                ))
            l_2_child = missing
            t_1.append(
                '</fieldset>\n',
            )
        elif (environment.getattr(l_1_n, 'type') == 'repeat'):
            pass
            t_1.extend((
                '<fieldset class="formc-fieldset" data-formc-min="',
                escape(environment.getattr(l_1_n, 'min_items')),
                '"',
            ))
            if environment.getattr(l_1_n, 'described'):
                pass
                t_1.extend((
                    ' aria-describedby="',
                    escape(environment.getattr(l_1_n, 'described')),
                    '"',
                ))
            t_1.extend((
                '>\n<legend class="formc-legend">',
                escape(environment.getattr(l_1_n, 'label')),
                '</legend>\n',
                escape((undefined(name='notes') if l_1_notes is missing else l_1_notes)),
                '\n<p class="formc-hint formc-nojs">',
                escape(environment.getattr(l_1_n, 'slots_note')),
                '</p>\n',
            ))
            for l_2_item in environment.getattr(l_1_n, 'slots'):
                _loop_vars = {}
                pass
                t_1.extend((
                    '<fieldset class="formc-item" data-formc-slot="',
                    escape(environment.getattr(l_2_item, 'index')),
                    '">\n<legend class="formc-item-legend">',
                    escape(environment.getattr(l_2_item, 'legend')),
                    '</legend>\n',
                ))
                for l_3_child in environment.getattr(l_2_item, 'children'):
                    _loop_vars = {}
                    pass
                    t_1.extend((
                        escape(context.call((undefined(name='field') if l_0_field is missing else l_0_field), l_3_child, _loop_vars=_loop_vars)),
                        '\n',
                    ))
                l_3_child = missing
                t_1.extend((
                    '<button type="button" class="formc-button formc-secondary formc-remove" hidden>',
                    escape(environment.getattr(l_1_n, 'remove')),
                    '<span class="formc-visually-hidden"> ',
                    escape(environment.getattr(l_2_item, 'legend')),
                    '</span></button>\n</fieldset>\n',
                ))
            l_2_item = missing
            t_1.extend((
                '<button type="button" class="formc-button formc-secondary formc-add" hidden>',
                escape(environment.getattr(l_1_n, 'add')),
                '<span class="formc-visually-hidden"> ',
                escape(environment.getattr(l_1_n, 'label')),
                '</span></button>\n</fieldset>\n',
            ))
        else:
            pass
            t_1.extend((
                '<label class="formc-label" for="',
                escape(environment.getattr(l_1_n, 'id')),
                '">',
                escape(environment.getattr(l_1_n, 'label')),
            ))
            if environment.getattr(l_1_n, 'optional'):
                pass
                t_1.extend((
                    ' <span class="formc-optional">',
                    escape(environment.getattr(l_1_n, 'optional')),
                    '</span>',
                ))
            t_1.extend((
                '</label>\n',
                escape((undefined(name='notes') if l_1_notes is missing else l_1_notes)),
                '\n',
            ))
            if (environment.getattr(l_1_n, 'type') == 'textarea'):
                pass
                t_1.extend((
                    '<textarea class="formc-textarea" id="',
                    escape(environment.getattr(l_1_n, 'id')),
                    '" name="',
                    escape(environment.getattr(l_1_n, 'name')),
                    '" rows="',
                    escape(environment.getattr(l_1_n, 'rows')),
                    '"',
                ))
                if environment.getattr(l_1_n, 'described'):
                    pass
                    t_1.extend((
                        ' aria-describedby="',
                        escape(environment.getattr(l_1_n, 'described')),
                        '"',
                    ))
                if environment.getattr(l_1_n, 'autocomplete'):
                    pass
                    t_1.extend((
                        ' autocomplete="',
                        escape(environment.getattr(l_1_n, 'autocomplete')),
                        '"',
                    ))
                if environment.getattr(l_1_n, 'invalid'):
                    pass
                    t_1.append(
                        ' aria-invalid="true"',
                    )
                t_1.extend((
                    '>',
                    escape(environment.getattr(l_1_n, 'value')),
                    '</textarea>\n\n',
                ))
            elif environment.getattr(l_1_n, 'select'):
                pass
                t_1.extend((
                    '<select class="formc-select" id="',
                    escape(environment.getattr(l_1_n, 'id')),
                    '" name="',
                    escape(environment.getattr(l_1_n, 'name')),
                    '"',
                ))
                if environment.getattr(l_1_n, 'described'):
                    pass
                    t_1.extend((
                        ' aria-describedby="',
                        escape(environment.getattr(l_1_n, 'described')),
                        '"',
                    ))
                if environment.getattr(l_1_n, 'autocomplete'):
                    pass
                    t_1.extend((
                        ' autocomplete="',
                        escape(environment.getattr(l_1_n, 'autocomplete')),
                        '"',
                    ))
                if environment.getattr(l_1_n, 'invalid'):
                    pass
                    t_1.append(
                        ' aria-invalid="true"',
                    )
                t_1.extend((
                    '>\n<option value="">',
                    escape(environment.getattr(l_1_n, 'choose')),
                    '</option>\n',
                ))
                for l_2_o in environment.getattr(l_1_n, 'options'):
                    _loop_vars = {}
                    pass
                    t_1.extend((
                        '<option value="',
                        escape(environment.getattr(l_2_o, 'value')),
                        '"',
                    ))
                    if environment.getattr(l_2_o, 'checked'):
                        pass
                        t_1.append(
                            ' selected',
                        )
                    t_1.extend((
                        '>',
                        escape(environment.getattr(l_2_o, 'label')),
                        '</option>\n',
                    ))
                l_2_o = missing
                t_1.append(
                    '</select>\n\n',
                )
            elif (environment.getattr(l_1_n, 'type') == 'file'):
                pass
                t_1.extend((
                    '<input class="formc-file" type="file" id="',
                    escape(environment.getattr(l_1_n, 'id')),
                    '" name="',
                    escape(environment.getattr(l_1_n, 'name')),
                    '"',
                ))
                if environment.getattr(l_1_n, 'described'):
                    pass
                    t_1.extend((
                        ' aria-describedby="',
                        escape(environment.getattr(l_1_n, 'described')),
                        '"',
                    ))
                if environment.getattr(l_1_n, 'accept'):
                    pass
                    t_1.extend((
                        ' accept="',
                        escape(environment.getattr(l_1_n, 'accept')),
                        '"',
                    ))
                if environment.getattr(l_1_n, 'multiple'):
                    pass
                    t_1.append(
                        ' multiple',
                    )
                if environment.getattr(l_1_n, 'invalid'):
                    pass
                    t_1.append(
                        ' aria-invalid="true"',
                    )
                t_1.append(
                    '>\n\n',
                )
            else:
                pass
                if (environment.getattr(l_1_n, 'type') == 'money'):
                    pass
                    t_1.append(
                        '<div class="formc-input-wrap">\n',
                    )
                t_1.append(
                    '<input class="formc-input',
                )
                if environment.getattr(l_1_n, 'width'):
                    pass
                    t_1.extend((
                        ' formc-w-',
                        escape(environment.getattr(l_1_n, 'width')),
                    ))
                t_1.extend((
                    '" type="',
                    escape(environment.getattr(l_1_n, 'input_type')),
                    '" id="',
                    escape(environment.getattr(l_1_n, 'id')),
                    '" name="',
                    escape(environment.getattr(l_1_n, 'name')),
                    '"',
                ))
                if environment.getattr(l_1_n, 'described'):
                    pass
                    t_1.extend((
                        ' aria-describedby="',
                        escape(environment.getattr(l_1_n, 'described')),
                        '"',
                    ))
                if environment.getattr(l_1_n, 'autocomplete'):
                    pass
                    t_1.extend((
                        ' autocomplete="',
                        escape(environment.getattr(l_1_n, 'autocomplete')),
                        '"',
                    ))
                if environment.getattr(l_1_n, 'inputmode'):
                    pass
                    t_1.extend((
                        ' inputmode="',
                        escape(environment.getattr(l_1_n, 'inputmode')),
                        '"',
                    ))
                if environment.getattr(l_1_n, 'nospell'):
                    pass
                    t_1.append(
                        ' spellcheck="false"',
                    )
                if environment.getattr(l_1_n, 'value'):
                    pass
                    t_1.extend((
                        ' value="',
                        escape(environment.getattr(l_1_n, 'value')),
                        '"',
                    ))
                if environment.getattr(l_1_n, 'invalid'):
                    pass
                    t_1.append(
                        ' aria-invalid="true"',
                    )
                t_1.append(
                    '>\n',
                )
                if (environment.getattr(l_1_n, 'type') == 'money'):
                    pass
                    t_1.extend((
                        '<span class="formc-unit" id="',
                        escape(environment.getattr(l_1_n, 'id')),
                        '-unit">',
                        escape(environment.getattr(l_1_n, 'currency')),
                        '</span>\n</div>\n\n',
                    ))
                else:
                    pass
                    t_1.append(
                        '\n\n',
                    )
        t_1.append(
            '</div>\n',
        )
        return concat(t_1)
    context.exported_vars.add('field')
    context.vars['field'] = l_0_field = Macro(environment, macro, 'field', ('n',), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '4=12&6=20&7=24&9=29&10=33&12=38&13=42&15=47&16=51&18=56&19=60&21=65&22=69&24=89&5=92&27=95&28=115&29=117&30=121&32=124&33=128&35=133&36=136&37=139&39=141&40=165&42=179&43=184&44=193&45=204&47=207&49=212&50=233&55=242&56=247&57=256&58=267&60=270&62=275&63=291&67=300&68=304&69=308&72=331&73=336&74=345&75=356&76=359&78=364&79=368&83=403&84=408&85=417&86=428&87=431&88=435&91=442&92=446&93=458&94=460&95=462&96=465&97=470&98=472&99=475&100=479&102=485&105=493&108=502&109=515&110=518&111=522&113=553&114=557&115=583&116=586&117=591&121=608&122=612&125=646&128=654&129=676&130=710&131=714'
# GENERATED by ``python -m formc.codegen``: do not edit. From formc/targets/html/templates/fields.html.j2.
