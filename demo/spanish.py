"""Spanish translations of the demo pages, keyed by the English page's slug.

Each is loaded as a Wagtail translation of its English page (same translation key,
Spanish locale), the way an editor makes one with "Translate" in the admin.
"""

HOME = {
    "title": "Inicio",
    "hero_heading": "Solicite una sola vez los programas de la ciudad para ingresos bajos",
    "hero_text": "Ahorre en comestibles, servicios públicos, recreación, internet y "
    "transporte con una sola solicitud.",
    "intro": "<p>Cuéntenos sobre su hogar una vez, suba sus documentos y vea todos los "
    "programas para los que podría calificar.</p>",
    "apply_button_text": "Solicitar ahora",
    "screener_button_text": "Vea para qué podría calificar",
}

PROGRAM_INDEX = {
    "title": "Programas",
    "intro": "<p>Programas para hogares con ingresos bajos en Fairview.</p>",
}

_HOW_TO_APPLY = {
    "one_click": "<p>Presente una sola solicitud en este portal y luego elija este "
    "programa desde su panel.</p>",
    "automatic": "<p>Presente una sola solicitud en este portal. Si califica, lo "
    "inscribimos en este programa automáticamente.</p>",
    "external": "<p>Presente una sola solicitud en este portal para que confirmemos que "
    "califica y luego termine en el sitio web del proveedor desde su panel.</p>",
    "closed": "<p>Las solicitudes están cerradas por ahora. Vuelva a consultar más "
    "adelante este año.</p>",
}


def _eligibility(limit):
    return (
        f"<p>Hogares con ingresos iguales o inferiores al {limit}% del ingreso medio "
        "del área. La inscripción en un programa que califica, como SNAP o Medicaid, "
        "lo demuestra.</p>"
    )


BY_INCOME = (
    "<p>Hogares cuyos ingresos anuales son iguales o inferiores al límite según su "
    "tamaño (la tabla de abajo).</p>"
)


def _program(title, summary, limit, how, road="enrollment", **extra):
    copy = {
        "enrollment": _eligibility(limit),
        "either": _eligibility(limit) + BY_INCOME.replace("<p>", "<p>O bien: ", 1),
        "income": BY_INCOME,
    }[road]
    return {
        "title": title,
        "summary": summary,
        "benefit": f"<p>{summary}</p>",
        "eligibility_copy": copy,
        "how_to_apply": _HOW_TO_APPLY[how],
        **extra,
    }


PROGRAMS = {
    "grocery-tax-rebate": _program(
        "Reembolso del impuesto sobre comestibles",
        "Un reembolso anual en efectivo del impuesto municipal sobre las ventas que su "
        "hogar paga en comestibles.",
        60,
        "one_click",
        road="either",
    ),
    "recreation-fee-reduction": _program(
        "Descuento en tarifas de recreación",
        "Hasta un 85% de descuento en clases, pases y campamentos de los centros "
        "recreativos y piscinas de la ciudad.",
        60,
        "automatic",
    ),
    "utility-bill-assistance": _program(
        "Ayuda con la factura de servicios públicos",
        "Un crédito mensual en su factura municipal de electricidad y agua.",
        30,
        "one_click",
    ),
    "low-cost-internet": _program(
        "Internet a bajo costo",
        "Internet en casa por $15 al mes con el proveedor de banda ancha de la ciudad.",
        60,
        "external",
        vendor_privacy_notice="<p>El proveedor de internet recibe su nombre, su "
        "dirección y si usted califica, para instalar el servicio. No recibe sus "
        "documentos.</p>",
    ),
    "bike-share-membership": _program(
        "Membresía de bicicletas compartidas",
        "Una membresía anual gratuita de bicicletas compartidas con viajes ilimitados "
        "de 60 minutos.",
        60,
        "one_click",
        vendor_privacy_notice="<p>El operador de bicicletas compartidas recibe su "
        "nombre, correo electrónico y número de teléfono para crear su membresía.</p>",
    ),
    "transit-pass": _program(
        "Pase de transporte con tarifa reducida",
        "Viaje gratis en los autobuses regionales con un pase de tarifa reducida.",
        30,
        "automatic",
    ),
    "home-repair-grant": _program(
        "Subsidio para reparaciones del hogar",
        "Subsidios para reparaciones urgentes de viviendas en las que viven sus dueños.",
        80,
        "closed",
        road="income",
    ),
}

STANDARD_PAGES = {
    "privacy": {
        "title": "Política de privacidad",
        "intro": "Qué datos recopilamos cuando usted presenta su solicitud, por qué y "
        "quién puede verlos.",
        "body": [
            ("heading", {"text": "Qué recopilamos", "level": "h2"}),
            (
                "paragraph",
                "<p>Sus datos de contacto, los miembros y la dirección de su hogar, los "
                "programas que califican en los que está inscrito y los documentos que "
                "sube.</p>",
            ),
            ("heading", {"text": "Quién puede verlos", "level": "h2"}),
            (
                "paragraph",
                "<p>Solo el personal de la ciudad que verifica las solicitudes. Los "
                "coordinadores de programas ven su nombre, sus datos de contacto y el "
                "estado de sus programas, nunca sus documentos.</p>",
            ),
        ],
    },
    "faq": {
        "title": "Preguntas frecuentes",
        "intro": "Respuestas a las preguntas que más nos hacen.",
        "body": [
            (
                "accordion",
                {
                    "items": [
                        {
                            "question": "¿Cuánto tarda la revisión?",
                            "answer": "<p>La mayoría de las solicitudes se revisan en "
                            "dos semanas.</p>",
                        },
                        {
                            "question": "¿Tengo que solicitar cada programa por "
                            "separado?",
                            "answer": "<p>No. Presente una sola solicitud y luego "
                            "solicite cada programa para el que califica con un "
                            "clic.</p>",
                        },
                    ]
                },
            )
        ],
    },
    "household": {
        "title": "Quiénes forman un hogar",
        "intro": "Todas las personas que viven con usted y comparten ingresos y gastos.",
        "body": [
            (
                "paragraph",
                "<p>Inclúyase usted, su cónyuge o pareja, sus hijos y cualquier otra "
                "persona que viva con usted y comparta ingresos o gastos.</p>",
            )
        ],
    },
    "before-you-apply": {
        "title": "Antes de presentar la solicitud",
        "intro": "Tenga esto a mano y le tomará unos 15 minutos.",
        "body": [
            (
                "steps",
                {
                    "steps": [
                        {
                            "title": "Una identificación con foto de cada adulto",
                            "text": "<p>Una foto tomada con el teléfono sirve.</p>",
                        },
                        {
                            "title": "Comprobante de un programa que califica",
                            "text": "<p>Por ejemplo, una carta de aprobación de SNAP "
                            "o de Medicaid.</p>",
                        },
                        {
                            "title": "Su dirección",
                            "text": "<p>Donde vive su hogar ahora.</p>",
                        },
                    ]
                },
            )
        ],
    },
}

# English name: (Spanish name, the document to upload in Spanish)
QUALIFYING_PROGRAMS = {
    "SNAP": (
        "SNAP (cupones de alimentos)",
        "Su carta de aprobación de SNAP o una captura de pantalla de su cuenta de "
        "beneficios.",
    ),
    "Supplemental Security Income (SSI)": (
        "Seguridad de Ingreso Suplementario (SSI)",
        "Su carta de concesión de SSI del Seguro Social.",
    ),
    "Medicaid": ("Medicaid", "Su tarjeta o carta de aprobación de Medicaid."),
    "LEAP": (
        "LEAP (ayuda con la calefacción)",
        "Su carta de aprobación de LEAP para esta temporada de calefacción.",
    ),
    "Free or reduced-price school meals": (
        "Comidas escolares gratuitas o a precio reducido",
        "La carta de aprobación del distrito escolar para comidas gratuitas o a "
        "precio reducido.",
    ),
}

SERVICE_AREAS = {
    "City limits": "los límites de la ciudad",
    "City utility service area": "el área de servicio de los servicios públicos "
    "de la ciudad",
}

# News items, keyed by the English item's title: translated, as an editor does with
# "Translate" on the snippet.
NEWS = {
    "Grocery Tax Rebate applications are open": {
        "title": "Ya se puede solicitar el reembolso del impuesto sobre comestibles",
        "text": "El reembolso de este año está abierto. Si su hogar ya está "
        "verificado, puede solicitarlo con un clic desde su panel.",
    },
}
