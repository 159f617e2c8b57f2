"""Word pools for synthetic dossiers: names from many languages, accents included."""

from __future__ import annotations


def _words(pool: str) -> tuple[str, ...]:
    """The whitespace-separated entries of a pool; `_` stands for a space inside an entry."""
    return tuple(w.replace("_", " ") for w in pool.split())


def _entries(pool: str) -> tuple[str, ...]:
    """The |-separated entries of a pool."""
    return tuple(e.strip() for e in pool.split("|") if e.strip())


_GIVEN = """
José María Begoña Íñigo Jesús Sofía Ramón Inés Tomás Lucía Martín Joaquín Andrés Héctor
Raúl Adrián Óscar Álvaro Ángela Verónica Mónica Nicolás Sebastián Julián Rocío Maite Yolanda
Carlos Rafael Patricia Vladimir Betssy Félix Roxana Jorge Javier Maura Isabel Enrique Evo
João Conceição Antônio Luís Gonçalo Leonor Tiago Mariana Brás Graça Estêvão Luíza
François Hélène Zoé Chloé Jérôme Cécile Benoît Gaëlle Noël Léa Amélie Aurélien Maëlle Loïc
Jürgen Jörg Björn Søren Åsa Günther Käthe Ulrich Grete Malte Solveig Øystein Ærø Signe
Łukasz Wojciech Małgorzata Zdeněk Jiří Agnieszka Bożena Grzegorz Radosław Květa Dušan Ondřej
Çağlar Gülşen Şükrü Ayşe Mehmet Özlem İlkay Ümit Barış Doğan Hülya Tuğba
Thị Văn Thu Hà Minh Đức Phương Thủy Hương Quốc Tuấn Nguyệt
Mohammed Fatima Abdel-Rahman Youssef Leïla Karim Samira Nour Rachid Hassan Amira Khalil
Seán Siobhán Niamh Pádraig Aoife Ciarán Máire Eoin Róisín Dónal
Þórunn Guðrún Sigríður Ásgeir Hörður Ragnheiður Jón Ólafur Bjarki Ýr
Ștefan Mădălina Ionuț Răzvan Ioana Cătălin Bianca Anca
Kwame Ama Chiamaka Oluwaseun Thandiwe Sipho Wanjiru Njeri Kofi Abebe
"""

_SURNAMES = """
García Núñez Pérez Rodríguez Martínez Sánchez Gómez Fernández López Díaz Hernández Álvarez
Jiménez Muñoz Ibáñez Peña Zúñiga Cañete Ordóñez Gutiérrez Domínguez Vázquez Ramírez Suárez
Benítez Rubio Castro Ortega Delgado Morales Serrano Molina Vargas Zamora Juampere Denegri
Chirinos Lizárraga Cerrón Olaechea Montoya Quispe Mamani Huamán Condori Ccahuana Apaza
Gonçalves Magalhães Araújo Brandão Simões Falcão Conceição Guimarães Lourenço Sequeira
Lefèvre Béranger Dupré Thévenot Mercier Girard Rousseau Lemaître Boucher Fénelon Laffitte
Müller Schäfer Weiß Kähler Größer Bäcker Wöhler Østergaard Nørgaard Ångström Sjöberg Lindqvist
Wałęsa Kowalczyk Dvořák Nováková Wiśniewska Żukowski Čapek Szymańska Łapiński Procházka
Öztürk Yılmaz Çelik Şahin Doğru Aydın Kılıç Güneş Özdemir Erdoğan
Nguyễn Trần Phạm Lê Võ Hoàng Huỳnh Đặng Bùi Đỗ
El-Sayed Al-Masri Haddad Benali Mansour Khoury Saïdi Aziz Bakr Hamdan
O'Brien Mac_Giolla Ó_Súilleabháin Ní_Bhriain Ó_Ceallaigh Breathnach
Guðmundsson Sigurðardóttir Jónsdóttir Þórsson Ólafsdóttir Björnsson
Popescu Țăranu Ionescu Dumitrașcu Stănescu Căpraru
Mensah Okonkwo Adébáyọ̀ Ndlovu Kamau Wanjiku Haile Tesfaye
"""

_CITIES = """
Lima|Cusco|Arequipa|Trujillo|Bogotá|Medellín|Cúcuta|Quito|Guayaquil|Asunción|La Paz|Córdoba|
São Paulo|Brasília|Belém|Florianópolis|Mérida|León|Cádiz|Málaga|Jaén|Besançon|Orléans|Genève|
Zürich|Düsseldorf|Köln|Malmö|Århus|Tromsø|Łódź|Poznań|Kraków|Gdańsk|Plzeň|Brno|Brașov|Timișoara|
İstanbul|Şanlıurfa|Diyarbakır|Hà Nội|Đà Nẵng|Huế|Reykjavík|Akureyri|Montréal|Québec|Nouméa|
Rabat|Tétouan|Sfax|Nairobi|Accra|Lagos|Addis Ababa|Havana|Santiago de Cuba|Managua|Tegucigalpa
"""

_PUBLISHERS = """
El Comercio|La República|Página/12|Folha de São Paulo|O Estado de S. Paulo|Le Monde|Libération|
Süddeutsche Zeitung|Dagens Nyheter|Gazeta Wyborcza|Hürriyet|Tuổi Trẻ|Morgunblaðið|Público|
El Espectador|Clarín|La Nación|Diário de Notícias|Aftenposten|Lidové noviny|Adevărul|Al-Ahram
"""

# ISO 3166-1 code and English name of the countries synthetic dossiers may use.
_COUNTRIES = """
PE Peru|CU Cuba|BO Bolivia|BR Brazil|EC Ecuador|MX Mexico|NI Nicaragua|US United States|
VE Venezuela|CO Colombia|CL Chile|AR Argentina|PY Paraguay|UY Uruguay|PA Panama|CR Costa Rica|
HN Honduras|GT Guatemala|SV El Salvador|DO Dominican Republic|HT Haiti|JM Jamaica|CA Canada|
ES Spain|PT Portugal|FR France|DE Germany|IT Italy|NL Netherlands|BE Belgium|LU Luxembourg|
CH Switzerland|AT Austria|PL Poland|CZ Czechia|SK Slovakia|HU Hungary|RO Romania|BG Bulgaria|
GR Greece|TR Türkiye|SE Sweden|NO Norway|DK Denmark|FI Finland|IS Iceland|IE Ireland|
GB United Kingdom|EE Estonia|LV Latvia|LT Lithuania|UA Ukraine|MD Moldova|RS Serbia|HR Croatia|
SI Slovenia|BA Bosnia and Herzegovina|ME Montenegro|AL Albania|MK North Macedonia|CY Cyprus|
MT Malta|MA Morocco|DZ Algeria|TN Tunisia|LY Libya|EG Egypt|SD Sudan|ET Ethiopia|KE Kenya|
TZ Tanzania|UG Uganda|RW Rwanda|NG Nigeria|GH Ghana|CI Côte d'Ivoire|SN Senegal|ML Mali|
BF Burkina Faso|NE Niger|CM Cameroon|CD Democratic Republic of the Congo|AO Angola|ZA South Africa|
MZ Mozambique|ZW Zimbabwe|ZM Zambia|MG Madagascar|ST São Tomé and Príncipe|CV Cabo Verde|
SA Saudi Arabia|AE United Arab Emirates|QA Qatar|KW Kuwait|OM Oman|YE Yemen|IQ Iraq|IR Iran|
JO Jordan|LB Lebanon|SY Syria|IL Israel|PS Palestine|AF Afghanistan|PK Pakistan|IN India|
BD Bangladesh|LK Sri Lanka|NP Nepal|CN China|JP Japan|KR South Korea|KP North Korea|MN Mongolia|
VN Viet Nam|TH Thailand|KH Cambodia|LA Laos|MM Myanmar|MY Malaysia|SG Singapore|ID Indonesia|
PH Philippines|AU Australia|NZ New Zealand|FJ Fiji|PG Papua New Guinea|KZ Kazakhstan|
UZ Uzbekistan|KG Kyrgyzstan|TJ Tajikistan|TM Turkmenistan|AZ Azerbaijan|GE Georgia|AM Armenia|
BY Belarus|RU Russia|CW Curaçao|RE Réunion|AX Åland Islands|BL Saint Barthélemy|GP Guadeloupe|
MQ Martinique|GF French Guiana|NC New Caledonia|PF French Polynesia|GL Greenland|FO Faroe Islands|
TT Trinidad and Tobago|BB Barbados|BS Bahamas|BZ Belize|GY Guyana|SR Suriname|GD Grenada|
LC Saint Lucia|DM Dominica|AG Antigua and Barbuda|KN Saint Kitts and Nevis|VC Saint Vincent
"""

REGIONS = (
    "South America",
    "Central America",
    "the Caribbean",
    "Western Europe",
    "Eastern Europe",
    "Northern Europe",
    "North Africa",
    "West Africa",
    "East Africa",
    "the Middle East",
    "South Asia",
    "East Asia",
    "South-East Asia",
    "Central Asia",
    "Oceania",
)

# (pattern, organization kind); {city}, {country} and {surname} are filled in.
ORGANIZATIONS = (
    ("Ministry of Energy and Mines of {country}", "ministry"),
    ("Ministry of Foreign Affairs of {country}", "ministry"),
    ("Ministry of the Interior of {country}", "ministry"),
    ("Embassy of {country} in {city}", "embassy"),
    ("Superior Court of {city}", "court"),
    ("Public Prosecutor's Office of {city}", "prosecutor"),
    ("Municipal Police of {city}", "police"),
    ("Port Authority of {city}", "government body"),
    ("Partido Democrático de {city}", "party"),
    ("Frente Amplio de {city}", "party"),
    ("Sindicato Único de Trabajadores de {city}", "union"),
    ("Federación de Estudiantes de {city}", "student organization"),
    ("Movimiento Cívico {surname}", "movement"),
    ("Diario de {city}", "media"),
    ("Rádio Comunitária de {city}", "media"),
    ("{surname} & Asociados", "company"),
    ("Constructora {surname} S.A.", "company"),
    ("Banco {surname}", "company"),
    ("Fundación {surname}", "non-governmental organization"),
    ("Observatoire des droits humains de {city}", "non-governmental organization"),
    ("Université de {city}", "other"),
    ("Cámara de Comercio de {city}", "other"),
)

TOPICS = (
    "the port concession",
    "a fuel shipment",
    "the dredging contracts",
    "the 2019 loan agreement",
    "a visa waiver",
    "the mining permits",
    "an arms purchase",
    "the customs reform",
    "a consultancy contract",
    "the pension fund audit",
    "the fishing quotas",
    "the water utility tender",
    "the railway tender",
    "a land transfer",
    "the election timetable",
    "an extradition request",
    "the asylum request",
    "a border crossing",
    "the vaccine purchase",
    "the grain export licences",
    "a bribery inquiry",
    "the privatisation of the airport",
    "a donation to the campaign",
    "the telecoms licence",
    "the emergency decree",
    "a trade mission",
    "the coastal highway",
    "the hydroelectric dam",
    "a scholarship programme",
    "the police reform",
    "the media law",
    "the copper royalties",
    "the refinery upgrade",
    "a judicial appointment",
    "the fertiliser subsidy",
    "the diplomatic pouch",
)

VERBS = (
    "signed",
    "negotiated",
    "approved",
    "blocked",
    "questioned",
    "financed",
    "oversaw",
    "rejected",
    "leaked",
    "audited",
    "renegotiated",
    "suspended",
    "promoted",
    "defended",
    "criticised",
    "endorsed",
    "delayed",
    "cancelled",
    "awarded",
    "drafted",
    "lobbied for",
    "withdrew from",
    "denounced",
    "brokered",
    "stalled",
)

SOURCES = (
    "two officials familiar with the matter",
    "court documents",
    "a leaked memo",
    "state prosecutors",
    "people close to the negotiations",
    "a congressional report",
    "an internal audit",
    "opposition lawmakers",
    "diplomatic sources",
    "local reporters",
)

PHRASES = (
    "a personal decision",
    "an act of interference",
    "completely false",
    "a routine meeting",
    "a political manoeuvre",
    "a misunderstanding",
    "a matter for the courts",
    "long overdue",
)

TITLES = (
    "director",
    "deputy minister",
    "spokesperson",
    "treasurer",
    "general secretary",
    "legal adviser",
    "ambassador",
    "chief of staff",
    "president",
    "board member",
    "consul",
)

EVENT_KINDS = (
    ("Summit", "met at"),
    ("Protest", "marched in"),
    ("Raid", "were searched in"),
    ("Hearing", "testified in"),
    ("Signing ceremony", "signed the agreement in"),
    ("Press conference", "spoke to reporters in"),
    ("Arrest", "were detained in"),
    ("Election", "stood for office in"),
    ("Expulsion", "were ordered to leave"),
    ("Strike", "walked out in"),
    ("Visit", "travelled to"),
    ("Trial", "appeared in court in"),
)

FILLERS = (
    "{x} did not respond to requests for comment.",
    "The office of {x} declined to comment on {topic}.",
    "Reporters were unable to reach {x} on {weekday}.",
    "A spokesperson for {x} said the matter was under review.",
    "{x} has not been charged with any crime.",
    "The report could not be independently verified.",
    "Further hearings on {topic} are expected next month.",
    "Neither {x} nor {y} answered written questions about {topic}.",
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


GIVEN = _words(_GIVEN)
SURNAMES = _words(_SURNAMES)
CITIES = _entries(_CITIES)
PUBLISHERS = _entries(_PUBLISHERS)
COUNTRIES = tuple(tuple(e.split(" ", 1)) for e in _entries(_COUNTRIES))
