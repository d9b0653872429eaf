/**
 * Given names and surnames from several cultures, written as people write them (diacritics
 * kept in displayName, folded to ASCII in the UPN). Built in: the generator fetches nothing.
 * Each culture keeps its own lists so a generated person's names belong together.
 */

export type Culture =
  | 'english'
  | 'irish'
  | 'german'
  | 'french'
  | 'spanish'
  | 'portuguese'
  | 'italian'
  | 'dutch'
  | 'nordic'
  | 'polish'
  | 'greek'
  | 'turkish'
  | 'arabic'
  | 'pakistani'
  | 'indian'
  | 'chinese'
  | 'japanese'
  | 'korean'
  | 'vietnamese'
  | 'nigerian'
  | 'kenyan'

export interface CultureNames {
  given: readonly string[]
  surnames: readonly string[]
}

const words = (text: string): string[] => text.trim().split(/\s*,\s*/)

export const NAMES: Record<Culture, CultureNames> = {
  english: {
    given: words(
      'James, Olivia, William, Emma, Benjamin, Charlotte, Henry, Amelia, Samuel, Sophie, Thomas, Grace, Daniel, Emily, Jack, Harriet, Oliver, Lucy, George, Chloe, Michael, Hannah, Matthew, Amber, Christopher, Jessica, Andrew, Rachel, Joshua, Abigail, Ryan, Natalie, Nathan, Laura, Adele, Megan, Alex, Patti, Lynne, Isaiah',
    ),
    surnames: words(
      'Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Taylor, Anderson, Thomas, Moore, Martin, Thompson, White, Harris, Clark, Lewis, Walker, Hall, Young, Allen, Wright, King, Scott, Green, Baker, Adams, Nelson, Carter, Mitchell, Roberts, Turner, Phillips, Campbell, Parker, Evans, Edwards, Collins, Vance',
    ),
  },
  irish: {
    given: words(
      'Aoife, Ciarán, Niamh, Seán, Siobhán, Eoin, Orla, Padraig, Caoimhe, Declan, Róisín, Cian, Saoirse, Darragh, Clodagh, Fionn, Aisling, Oisín, Gráinne, Conor',
    ),
    surnames: words(
      "O'Brien, Murphy, Kelly, O'Sullivan, Walsh, O'Connor, McCarthy, Byrne, Ryan, O'Neill, Doyle, Gallagher, Kennedy, Lynch, Quinn, Fitzgerald, McGrath, Brennan, Nolan, Ó Súilleabháin",
    ),
  },
  german: {
    given: words(
      'Lukas, Anna, Maximilian, Lena, Jonas, Leonie, Felix, Hannah, Paul, Marie, Tobias, Julia, Florian, Katharina, Sebastian, Johanna, Matthias, Sophie, Jürgen, Jörg, Sabine, Uwe, Birgit, Klaus, Ute, Dieter, Anke, Stefan, Nicole, Björn',
    ),
    surnames: words(
      'Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Braun, Krüger, Hofmann, Hartmann, Lange, Schmitt, Werner, Krause, Meier, Lehmann, Weiß, Groß',
    ),
  },
  french: {
    given: words(
      'Léa, Hugo, Chloé, Louis, Manon, Gabriel, Camille, Arthur, Inès, Jules, Zoé, Raphaël, Élodie, Théo, Margaux, Mathéo, Océane, Clément, Amélie, Benoît, Céline, François, Hélène, Jérôme, Sébastien, Aurélie, Noël, Gaëlle, Loïc, Maëlle',
    ),
    surnames: words(
      'Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, Laurent, Lefèbvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier, Morel, Girard, André, Lefèvre, Mercier, Dupont, Lambert, Bonnet, François, Martínez, Boucher, Chevalier',
    ),
  },
  spanish: {
    given: words(
      'José, María, Antonio, Carmen, Manuel, Lucía, Javier, Sofía, Alejandro, Paula, Daniel, Martina, Pablo, Elena, Sergio, Laura, Álvaro, Marta, Adrián, Nerea, Iñigo, Ainhoa, Raúl, Begoña, Jesús, Rocío, Andrés, Inés, Íker, Mónica, Ángel, Ximena',
    ),
    surnames: words(
      'García, Rodríguez, González, Fernández, López, Martínez, Sánchez, Pérez, Gómez, Martín, Jiménez, Ruiz, Hernández, Díaz, Moreno, Muñoz, Álvarez, Romero, Alonso, Gutiérrez, Navarro, Torres, Domínguez, Vázquez, Ramos, Gil, Ramírez, Serrano, Blanco, Molina, Castillo, Ortega, Rubio, García-López',
    ),
  },
  portuguese: {
    given: words(
      'João, Ana, Pedro, Beatriz, Lucas, Mariana, Gabriel, Larissa, Rafael, Juliana, Matheus, Fernanda, Gustavo, Camila, Thiago, Letícia, Felipe, Bruna, Vinícius, Luíza, Caio, Gonçalo, Inês, Tomás, Leonor, Rodrigo, Conceição, Sebastião',
    ),
    surnames: words(
      'Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, Costa, Ribeiro, Martins, Carvalho, Almeida, Lopes, Soares, Fernandes, Vieira, Barbosa, Rocha, Dias, Nascimento, Araújo, Gonçalves, Magalhães, Conceição, Simões',
    ),
  },
  italian: {
    given: words(
      'Giuseppe, Giulia, Francesco, Chiara, Alessandro, Francesca, Lorenzo, Sara, Matteo, Martina, Andrea, Valentina, Marco, Federica, Luca, Alessia, Davide, Elisa, Niccolò, Beatrice, Riccardo, Gianluca, Ilaria, Simone',
    ),
    surnames: words(
      "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Barbieri, Fontana, Santoro, Mariani, Rinaldi, Caruso, Ferrara, Galli, D'Angelo, Lo Russo",
    ),
  },
  dutch: {
    given: words(
      'Daan, Emma, Sem, Julia, Lucas, Sophie, Finn, Tess, Levi, Sara, Jesse, Anouk, Thijs, Fleur, Bram, Lotte, Ruben, Maartje, Joost, Sanne, Pieter, Femke, Stijn, Ilse',
    ),
    surnames: words(
      'de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits, van der Meer, Kuipers',
    ),
  },
  nordic: {
    given: words(
      'Lars, Ingrid, Erik, Astrid, Nils, Sigrid, Magnus, Freja, Anders, Karin, Johan, Linnea, Mikael, Elin, Henrik, Saga, Björn, Åsa, Søren, Mette, Jørgen, Ǿystein, Päivi, Mikko, Aino, Jukka, Eeva, Sindre',
    ),
    surnames: words(
      'Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, Svensson, Gustafsson, Hansen, Jensen, Nielsen, Pedersen, Kristensen, Olsen, Johansen, Berg, Haugen, Dahl, Virtanen, Korhonen, Mäkinen, Nieminen, Hämäläinen, Løvstad, Åberg, Ström',
    ),
  },
  polish: {
    given: words(
      'Jakub, Zuzanna, Kacper, Julia, Szymon, Maja, Antoni, Zofia, Filip, Hanna, Mateusz, Aleksandra, Michał, Natalia, Paweł, Agnieszka, Łukasz, Małgorzata, Wojciech, Katarzyna, Tomasz, Magdalena, Grzegorz, Joanna',
    ),
    surnames: words(
      'Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński, Szymański, Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, Kwiatkowski, Krawczyk, Piotrowski, Grabowski, Nowakowski, Pawłowski, Michalski, Wróbel, Jabłoński, Król',
    ),
  },
  greek: {
    given: words(
      'Giorgos, Maria, Dimitris, Eleni, Nikos, Katerina, Kostas, Sofia, Yannis, Vasiliki, Christos, Georgia, Panagiotis, Ioanna, Alexandros, Despina, Stavros, Athena',
    ),
    surnames: words(
      'Papadopoulos, Papadakis, Georgiou, Nikolaou, Konstantinou, Dimitriou, Papageorgiou, Ioannou, Vasileiou, Christodoulou, Antoniou, Pappas, Oikonomou, Karagiannis, Alexiou, Mavridis',
    ),
  },
  turkish: {
    given: words(
      'Mehmet, Ayşe, Mustafa, Fatma, Ahmet, Emine, Ali, Hatice, Hüseyin, Zeynep, Hasan, Elif, İbrahim, Merve, Emre, Büşra, Burak, Özge, Can, Gülşen, Çağla, Oğuz, Şebnem, Yusuf',
    ),
    surnames: words(
      'Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan, Doğan, Kılıç, Aslan, Çetin, Kara, Koç, Kurt, Özkan, Şimşek, Polat, Erdoğan, Güneş, Aksoy',
    ),
  },
  arabic: {
    given: words(
      'Mohammed, Fatima, Ahmed, Aisha, Omar, Mariam, Khalid, Layla, Yousef, Noor, Hassan, Huda, Ibrahim, Salma, Tariq, Rania, Karim, Yasmin, Faisal, Dana, Hamza, Lina, Zayed, Reem',
    ),
    surnames: words(
      'Al-Farsi, Haddad, Khalil, Nasser, Saleh, Mansour, Hamdan, Al-Rashid, Aziz, Qasim, Darwish, Suleiman, Al-Mansouri, Hussein, Abdullah, Ghanem, Bakr, Al-Hashimi, Othman, Kassab, Al-Amiri, Najjar',
    ),
  },
  pakistani: {
    given: words(
      'Muhammad, Ayesha, Ali, Fatima, Usman, Zainab, Bilal, Hira, Hamza, Sana, Saad, Mahnoor, Faisal, Amna, Imran, Sadia, Asad, Mehwish, Umer, Rabia, Kamran, Nida, Shahid, Iqra, Waqas, Sidra, Zeeshan, Maryam, Adeel, Anum',
    ),
    surnames: words(
      'Khan, Ahmed, Hussain, Malik, Qureshi, Siddiqui, Butt, Chaudhry, Sheikh, Raza, Javed, Iqbal, Shah, Mirza, Abbasi, Rana, Baig, Akhtar, Aslam, Rehman, Hashmi, Zaidi, Anwar, Farooq, Naqvi, Bhatti, Cheema, Memon',
    ),
  },
  indian: {
    given: words(
      'Aarav, Priya, Vivaan, Ananya, Aditya, Diya, Arjun, Isha, Rohan, Kavya, Rahul, Neha, Vikram, Pooja, Karthik, Lakshmi, Siddharth, Sneha, Rajesh, Deepika, Anil, Sunita, Suresh, Meera, Pranav, Shreya, Nikhil, Divya, Venkatesh, Aishwarya',
    ),
    surnames: words(
      'Sharma, Patel, Singh, Kumar, Gupta, Reddy, Iyer, Nair, Rao, Mehta, Joshi, Desai, Menon, Pillai, Agarwal, Banerjee, Chatterjee, Mukherjee, Das, Kapoor, Malhotra, Verma, Bhat, Krishnan, Subramanian, Naidu, Shetty, Kulkarni, Chopra, Srinivasan',
    ),
  },
  chinese: {
    given: words(
      'Wei, Fang, Jing, Lei, Min, Jun, Yan, Hao, Xiu, Ming, Li, Yu, Xin, Tao, Hui, Qiang, Ying, Bo, Lan, Chen, Zhi, Mei, Kai, Na, Jian, Xiaoling, Zihan, Yuxuan, Haoran, Yichen',
    ),
    surnames: words(
      'Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo, He, Lin, Gao, Luo, Zheng, Liang, Xie, Tang, Han, Cao, Feng, Deng, Lü, Ouyang',
    ),
  },
  japanese: {
    given: words(
      'Haruto, Yui, Sota, Hina, Yuto, Aoi, Riku, Sakura, Takumi, Yuna, Kenji, Yoko, Hiroshi, Keiko, Takeshi, Akiko, Daisuke, Emi, Shota, Misaki, Ryota, Naoko, Kaito, Mei, Yūki, Shōta, Kōji, Rin',
    ),
    surnames: words(
      'Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, Kato, Yoshida, Yamada, Sasaki, Yamaguchi, Matsumoto, Inoue, Kimura, Hayashi, Shimizu, Yamazaki, Mori, Abe, Ikeda, Hashimoto, Ishikawa, Ogawa, Saitō, Kōno',
    ),
  },
  korean: {
    given: words(
      'Min-jun, Seo-yeon, Ji-ho, Ha-eun, Do-yun, Ji-woo, Seo-jun, Su-bin, Hyun-woo, Ye-jin, Jae-won, Eun-ji, Sung-min, Hye-jin, Dong-hyun, Ji-yeon, Tae-yang, Yu-na',
    ),
    surnames: words('Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Oh, Seo, Shin, Kwon, Hwang, Ahn, Song, Yoo, Hong'),
  },
  vietnamese: {
    given: words('Anh, Minh, Linh, Huy, Trang, Duc, Thao, Quang, Hoa, Tuan, Mai, Long, Phuong, Khanh, Lan, Nam, Thu, Dung, Hương, Đức, Thảo'),
    surnames: words('Nguyen, Tran, Le, Pham, Hoang, Phan, Vu, Vo, Dang, Bui, Do, Ho, Ngo, Duong, Ly, Nguyễn, Trần, Đặng'),
  },
  nigerian: {
    given: words(
      'Chinedu, Ngozi, Oluwaseun, Funmilayo, Emeka, Adaeze, Tunde, Yetunde, Ikechukwu, Chiamaka, Babatunde, Folake, Obinna, Nneka, Ayodele, Temitope, Chukwuma, Ifeoma, Segun, Bukola',
    ),
    surnames: words(
      'Okafor, Adeyemi, Okonkwo, Balogun, Eze, Adebayo, Nwosu, Ogunleye, Okoro, Olawale, Chukwu, Adeleke, Obi, Afolabi, Nnamdi, Oyelaran, Uche, Bello, Ibrahim, Danjuma',
    ),
  },
  kenyan: {
    given: words('Wanjiru, Kamau, Akinyi, Otieno, Njeri, Kipchoge, Wambui, Mwangi, Atieno, Kiprono, Nyambura, Odhiambo, Chebet, Kibet, Achieng, Njoroge'),
    surnames: words('Kamau, Mwangi, Otieno, Ochieng, Kiprop, Wanjiku, Njoroge, Kariuki, Onyango, Mutua, Kimani, Cheruiyot, Wafula, Omondi, Macharia, Kiptoo'),
  },
}

/** Letters that Unicode NFD does not split into a base letter and a mark. */
const FOLD: Record<string, string> = { ß: 'ss', ø: 'o', Ø: 'O', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', þ: 'th', ð: 'd' }

/**
 * A name as a UPN or alias part: lower-case ASCII letters and hyphens only. Diacritics are
 * folded (Müller → muller, Łukasz → lukasz), apostrophes and spaces dropped (O'Brien → obrien,
 * van den Berg → vandenberg), as admins commonly build UPNs.
 */
export function asciiNamePart(name: string): string {
  let folded = foldedNames.get(name)
  if (folded === undefined) foldedNames.set(name, (folded = fold(name)))
  return folded
}

// the generator folds the same few hundred names 200,000 times; NFD and three regexes each time cost a third of its run
const foldedNames = new Map<string, string>()

function fold(name: string): string {
  return name
    .replace(/[ßøØæÆœŒłŁđĐıþð]/g, (letter) => FOLD[letter])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z-]/g, '')
    .replace(/^-+|-+$/g, '')
}
