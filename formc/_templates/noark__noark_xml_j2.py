from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'noark.xml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_noark5 = resolve('noark5')
    l_0_form = resolve('form')
    l_0_titles = resolve('titles')
    l_0_data_namespace = resolve('data_namespace')
    l_0_data_xsd = resolve('data_xsd')
    l_0_authority = resolve('authority')
    l_0_classifications = resolve('classifications')
    l_0_case_titles = resolve('case_titles')
    l_0_public_case_titles = resolve('public_case_titles')
    l_0_saksstatus = resolve('saksstatus')
    l_0_journalposttype = resolve('journalposttype')
    l_0_document_titles = resolve('document_titles')
    l_0_document_type = resolve('document_type')
    l_0_processing_time = resolve('processing_time')
    l_0_sender = resolve('sender')
    l_0_restriction = resolve('restriction')
    l_0_screening_metadata = resolve('screening_metadata')
    l_0_screened_fields = resolve('screened_fields')
    l_0_retention = resolve('retention')
    l_0_systems = resolve('systems')
    try:
        t_1 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<formc:arkivmetadata xmlns:formc="urn:formc:noark-metadata:1"\n                     xmlns:n5="'
    yield escape((undefined(name='noark5') if l_0_noark5 is missing else l_0_noark5))
    yield '"\n                     formatversjon="1">\n  <formc:skjema>\n    <formc:skjemaID>'
    yield escape(environment.getattr((undefined(name='form') if l_0_form is missing else l_0_form), 'id'))
    yield '</formc:skjemaID>\n    <formc:versjon>'
    yield escape(environment.getattr((undefined(name='form') if l_0_form is missing else l_0_form), 'version'))
    yield '</formc:versjon>\n'
    for (l_1_lang, l_1_text) in (undefined(name='titles') if l_0_titles is missing else l_0_titles):
        _loop_vars = {}
        pass
        yield '    <formc:tittel spraak="'
        yield escape(l_1_lang)
        yield '">'
        yield escape(l_1_text)
        yield '</formc:tittel>\n'
    l_1_lang = l_1_text = missing
    yield '    <formc:datanavnerom>'
    yield escape((undefined(name='data_namespace') if l_0_data_namespace is missing else l_0_data_namespace))
    yield '</formc:datanavnerom>\n    <formc:dataskjema>'
    yield escape((undefined(name='data_xsd') if l_0_data_xsd is missing else l_0_data_xsd))
    yield '</formc:dataskjema>\n    <formc:ansvarligVirksomhet>\n      <formc:navn>'
    yield escape(environment.getattr((undefined(name='authority') if l_0_authority is missing else l_0_authority), 'name'))
    yield '</formc:navn>\n'
    if environment.getattr((undefined(name='authority') if l_0_authority is missing else l_0_authority), 'org_number'):
        pass
        yield '      <formc:organisasjonsnummer>'
        yield escape(environment.getattr((undefined(name='authority') if l_0_authority is missing else l_0_authority), 'org_number'))
        yield '</formc:organisasjonsnummer>\n'
    yield '    </formc:ansvarligVirksomhet>\n  </formc:skjema>\n'
    l_1_loop = missing
    for l_1_c, l_1_loop in LoopContext((undefined(name='classifications') if l_0_classifications is missing else l_0_classifications), undefined):
        _loop_vars = {}
        pass
        yield '  <formc:klassifikasjon primaer="'
        yield escape(('true' if environment.getattr(l_1_loop, 'first') else 'false'))
        yield '" mal="'
        yield escape(('true' if environment.getattr(l_1_c, 'template') else 'false'))
        yield '">\n    <formc:klassifikasjonssystemID'
        if (environment.getattr(l_1_c, 'system') != environment.getattr(l_1_c, 'scheme')):
            pass
            yield ' ordning="'
            yield escape(environment.getattr(l_1_c, 'scheme'))
            yield '"'
        yield '>'
        yield escape(environment.getattr(l_1_c, 'system'))
        yield '</formc:klassifikasjonssystemID>\n'
        if environment.getattr(l_1_c, 'type'):
            pass
            yield '    <formc:klassifikasjonstype beskrivelse="'
            yield escape(environment.getattr(l_1_c, 'type_description'))
            yield '">'
            yield escape(environment.getattr(l_1_c, 'type'))
            yield '</formc:klassifikasjonstype>\n'
        yield '    <formc:klasseID>'
        yield escape(environment.getattr(l_1_c, 'code'))
        yield '</formc:klasseID>\n'
        if environment.getattr(l_1_c, 'title'):
            pass
            yield '    <formc:tittel>'
            yield escape(environment.getattr(l_1_c, 'title'))
            yield '</formc:tittel>\n'
        if environment.getattr(l_1_c, 'facet'):
            pass
            yield '    <formc:handlingsfacet>'
            yield escape(environment.getattr(l_1_c, 'facet'))
            yield '</formc:handlingsfacet>\n'
        if environment.getattr(l_1_c, 'screened'):
            pass
            yield '    <formc:erSkjermet>true</formc:erSkjermet>\n'
        if environment.getattr(l_1_c, 'status'):
            pass
            yield '    <formc:status beskrivelse="'
            yield escape(environment.getattr(l_1_c, 'status_description'))
            yield '">'
            yield escape(environment.getattr(l_1_c, 'status'))
            yield '</formc:status>\n'
        if environment.getattr(l_1_c, 'source'):
            pass
            yield '    <formc:kilde>'
            yield escape(environment.getattr(l_1_c, 'source'))
            yield '</formc:kilde>\n'
        yield '  </formc:klassifikasjon>\n'
    l_1_loop = l_1_c = missing
    yield '  <formc:saksmappe>\n'
    for (l_1_lang, l_1_text) in (undefined(name='case_titles') if l_0_case_titles is missing else l_0_case_titles):
        _loop_vars = {}
        pass
        yield '    <formc:tittel spraak="'
        yield escape(l_1_lang)
        yield '">'
        yield escape(l_1_text)
        yield '</formc:tittel>\n'
    l_1_lang = l_1_text = missing
    for (l_1_lang, l_1_text) in (undefined(name='public_case_titles') if l_0_public_case_titles is missing else l_0_public_case_titles):
        _loop_vars = {}
        pass
        yield '    <formc:offentligTittel spraak="'
        yield escape(l_1_lang)
        yield '">'
        yield escape(l_1_text)
        yield '</formc:offentligTittel>\n'
    l_1_lang = l_1_text = missing
    yield '    <formc:saksstatus beskrivelse="'
    yield escape(environment.getitem((undefined(name='saksstatus') if l_0_saksstatus is missing else l_0_saksstatus), 1))
    yield '">'
    yield escape(environment.getitem((undefined(name='saksstatus') if l_0_saksstatus is missing else l_0_saksstatus), 0))
    yield '</formc:saksstatus>\n  </formc:saksmappe>\n  <formc:journalpost>\n    <formc:journalposttype beskrivelse="'
    yield escape(environment.getitem((undefined(name='journalposttype') if l_0_journalposttype is missing else l_0_journalposttype), 1))
    yield '">'
    yield escape(environment.getitem((undefined(name='journalposttype') if l_0_journalposttype is missing else l_0_journalposttype), 0))
    yield '</formc:journalposttype>\n'
    for (l_1_lang, l_1_text) in (undefined(name='document_titles') if l_0_document_titles is missing else l_0_document_titles):
        _loop_vars = {}
        pass
        yield '    <formc:dokumenttittel spraak="'
        yield escape(l_1_lang)
        yield '">'
        yield escape(l_1_text)
        yield '</formc:dokumenttittel>\n'
    l_1_lang = l_1_text = missing
    yield '    <formc:dokumenttype'
    if environment.getitem((undefined(name='document_type') if l_0_document_type is missing else l_0_document_type), 1):
        pass
        yield ' beskrivelse="'
        yield escape(environment.getitem((undefined(name='document_type') if l_0_document_type is missing else l_0_document_type), 1))
        yield '"'
    yield '>'
    yield escape(environment.getitem((undefined(name='document_type') if l_0_document_type is missing else l_0_document_type), 0))
    yield '</formc:dokumenttype>\n'
    if (undefined(name='processing_time') if l_0_processing_time is missing else l_0_processing_time):
        pass
        yield '    <formc:saksbehandlingstid>'
        yield escape((undefined(name='processing_time') if l_0_processing_time is missing else l_0_processing_time))
        yield '</formc:saksbehandlingstid>\n'
    if (undefined(name='sender') if l_0_sender is missing else l_0_sender):
        pass
        yield '    <formc:avsender>\n'
        for (l_1_key, l_1_path) in (undefined(name='sender') if l_0_sender is missing else l_0_sender):
            _loop_vars = {}
            pass
            yield '      <formc:'
            yield escape(l_1_key)
            yield '>'
            yield escape(l_1_path)
            yield '</formc:'
            yield escape(l_1_key)
            yield '>\n'
        l_1_key = l_1_path = missing
        yield '    </formc:avsender>\n'
    yield '  </formc:journalpost>\n'
    if (undefined(name='restriction') if l_0_restriction is missing else l_0_restriction):
        pass
        yield '  <formc:skjerming>\n    <formc:tilgangsrestriksjon>'
        yield escape(environment.getattr((undefined(name='restriction') if l_0_restriction is missing else l_0_restriction), 'code'))
        yield '</formc:tilgangsrestriksjon>\n    <formc:skjermingshjemmel>'
        yield escape(environment.getattr((undefined(name='restriction') if l_0_restriction is missing else l_0_restriction), 'legal_basis'))
        yield '</formc:skjermingshjemmel>\n'
        for (l_1_code, l_1_text) in (undefined(name='screening_metadata') if l_0_screening_metadata is missing else l_0_screening_metadata):
            _loop_vars = {}
            pass
            yield '    <formc:skjermingMetadata kode="'
            yield escape(l_1_code)
            yield '">'
            yield escape(l_1_text)
            yield '</formc:skjermingMetadata>\n'
        l_1_code = l_1_text = missing
        for l_1_path in (undefined(name='screened_fields') if l_0_screened_fields is missing else l_0_screened_fields):
            _loop_vars = {}
            pass
            yield '    <formc:skjermetFelt>'
            yield escape(l_1_path)
            yield '</formc:skjermetFelt>\n'
        l_1_path = missing
        yield '  </formc:skjerming>\n'
    if (undefined(name='retention') if l_0_retention is missing else l_0_retention):
        pass
        yield '  <formc:kassasjon>\n    <formc:kassasjonsvedtak beskrivelse="'
        yield escape(environment.getattr((undefined(name='retention') if l_0_retention is missing else l_0_retention), 'description'))
        yield '">'
        yield escape(environment.getattr((undefined(name='retention') if l_0_retention is missing else l_0_retention), 'code'))
        yield '</formc:kassasjonsvedtak>\n'
        if environment.getattr((undefined(name='retention') if l_0_retention is missing else l_0_retention), 'legal_basis'):
            pass
            yield '    <formc:kassasjonshjemmel>'
            yield escape(environment.getattr((undefined(name='retention') if l_0_retention is missing else l_0_retention), 'legal_basis'))
            yield '</formc:kassasjonshjemmel>\n'
        if (not t_1(environment.getattr((undefined(name='retention') if l_0_retention is missing else l_0_retention), 'years'))):
            pass
            yield '    <formc:bevaringstid>'
            yield escape(environment.getattr((undefined(name='retention') if l_0_retention is missing else l_0_retention), 'years'))
            yield '</formc:bevaringstid>\n'
        if environment.getattr((undefined(name='retention') if l_0_retention is missing else l_0_retention), 'trigger'):
            pass
            yield '    <formc:utloeser beskrivelse="'
            yield escape(environment.getitem(environment.getattr((undefined(name='retention') if l_0_retention is missing else l_0_retention), 'trigger'), 1))
            yield '">'
            yield escape(environment.getitem(environment.getattr((undefined(name='retention') if l_0_retention is missing else l_0_retention), 'trigger'), 0))
            yield '</formc:utloeser>\n'
        if environment.getattr((undefined(name='retention') if l_0_retention is missing else l_0_retention), 'plan_item'):
            pass
            yield '    <formc:planpunkt>'
            yield escape(environment.getattr((undefined(name='retention') if l_0_retention is missing else l_0_retention), 'plan_item'))
            yield '</formc:planpunkt>\n'
        if environment.getattr((undefined(name='retention') if l_0_retention is missing else l_0_retention), 'selection'):
            pass
            yield '    <formc:utvalg>'
            yield escape(environment.getattr((undefined(name='retention') if l_0_retention is missing else l_0_retention), 'selection'))
            yield '</formc:utvalg>\n'
        yield '  </formc:kassasjon>\n'
    if (undefined(name='systems') if l_0_systems is missing else l_0_systems):
        pass
        yield '  <formc:arkivstruktur>\n'
        for l_1_system in (undefined(name='systems') if l_0_systems is missing else l_0_systems):
            _loop_vars = {}
            pass
            yield '    <n5:klassifikasjonssystem>\n      <n5:systemID>'
            yield escape(environment.getattr(l_1_system, 'systemID'))
            yield '</n5:systemID>\n'
            if environment.getattr(l_1_system, 'type'):
                pass
                yield '      <n5:klassifikasjonstype>'
                yield escape(environment.getattr(l_1_system, 'type'))
                yield '</n5:klassifikasjonstype>\n'
            yield '      <n5:tittel>'
            yield escape(environment.getattr(l_1_system, 'title'))
            yield '</n5:tittel>\n      <n5:opprettetDato>'
            yield escape(environment.getattr(l_1_system, 'created'))
            yield '</n5:opprettetDato>\n      <n5:opprettetAv>'
            yield escape(environment.getattr(l_1_system, 'created_by'))
            yield '</n5:opprettetAv>\n'
            for l_2_klasse in environment.getattr(l_1_system, 'classes'):
                _loop_vars = {}
                pass
                yield '      <n5:klasse>\n        <n5:systemID>'
                yield escape(environment.getattr(l_2_klasse, 'systemID'))
                yield '</n5:systemID>\n        <n5:klasseID>'
                yield escape(environment.getattr(l_2_klasse, 'code'))
                yield '</n5:klasseID>\n        <n5:tittel>'
                yield escape(environment.getattr(l_2_klasse, 'title'))
                yield '</n5:tittel>\n'
                if environment.getattr(l_2_klasse, 'description'):
                    pass
                    yield '        <n5:beskrivelse>'
                    yield escape(environment.getattr(l_2_klasse, 'description'))
                    yield '</n5:beskrivelse>\n'
                yield '        <n5:opprettetDato>'
                yield escape(environment.getattr(l_1_system, 'created'))
                yield '</n5:opprettetDato>\n        <n5:opprettetAv>'
                yield escape(environment.getattr(l_1_system, 'created_by'))
                yield '</n5:opprettetAv>\n'
                if environment.getattr(l_2_klasse, 'kassasjon'):
                    pass
                    yield '        <n5:kassasjon>\n          <n5:kassasjonsvedtak>'
                    yield escape(environment.getattr(environment.getattr(l_2_klasse, 'kassasjon'), 'vedtak'))
                    yield '</n5:kassasjonsvedtak>\n'
                    if environment.getattr(environment.getattr(l_2_klasse, 'kassasjon'), 'hjemmel'):
                        pass
                        yield '          <n5:kassasjonshjemmel>'
                        yield escape(environment.getattr(environment.getattr(l_2_klasse, 'kassasjon'), 'hjemmel'))
                        yield '</n5:kassasjonshjemmel>\n'
                    yield '          <n5:bevaringstid>'
                    yield escape(environment.getattr(environment.getattr(l_2_klasse, 'kassasjon'), 'bevaringstid'))
                    yield '</n5:bevaringstid>\n          <n5:kassasjonsdato>'
                    yield escape(environment.getattr(environment.getattr(l_2_klasse, 'kassasjon'), 'dato'))
                    yield '</n5:kassasjonsdato>\n        </n5:kassasjon>\n'
                if environment.getattr(l_2_klasse, 'skjerming'):
                    pass
                    yield '        <n5:skjerming>\n          <n5:tilgangsrestriksjon>'
                    yield escape(environment.getattr(environment.getattr(l_2_klasse, 'skjerming'), 'tilgangsrestriksjon'))
                    yield '</n5:tilgangsrestriksjon>\n          <n5:skjermingshjemmel>'
                    yield escape(environment.getattr(environment.getattr(l_2_klasse, 'skjerming'), 'hjemmel'))
                    yield '</n5:skjermingshjemmel>\n'
                    for l_3_text in environment.getattr(environment.getattr(l_2_klasse, 'skjerming'), 'metadata'):
                        _loop_vars = {}
                        pass
                        yield '          <n5:skjermingMetadata>'
                        yield escape(l_3_text)
                        yield '</n5:skjermingMetadata>\n'
                    l_3_text = missing
                    yield '        </n5:skjerming>\n'
                yield '      </n5:klasse>\n'
            l_2_klasse = missing
            yield '    </n5:klassifikasjonssystem>\n'
        l_1_system = missing
        yield '  </formc:arkivstruktur>\n'
    yield '</formc:arkivmetadata>\n'

blocks = {}
debug_info = '6=38&9=40&10=42&11=44&12=48&14=54&15=56&17=58&18=60&19=63&23=67&24=71&25=75&26=83&27=86&29=91&30=93&31=96&33=98&34=101&36=103&39=106&40=109&42=113&43=116&48=121&49=125&51=130&52=134&54=140&57=144&58=148&59=152&61=158&62=166&63=169&65=171&67=174&68=178&73=187&75=190&76=192&77=194&78=198&80=203&81=207&85=211&87=214&88=218&89=221&91=223&92=226&94=228&95=231&97=235&98=238&100=240&101=243&105=246&107=249&109=253&110=255&111=258&113=261&114=263&115=265&116=267&118=271&119=273&120=275&121=277&122=280&124=283&125=285&126=287&128=290&129=292&130=295&132=298&133=300&136=302&138=305&139=307&140=309&141=313'
# GENERATED by ``python -m formc.codegen``: do not edit. From formc/targets/noark/templates/noark.xml.j2.
