import type { Culture } from './names'

/**
 * The generated company: departments with their job titles, offices with their addresses and
 * phone formats, and the words groups are named from. Street addresses use real city names and
 * plausible, not real, buildings; US numbers use the fictional 555-01xx range.
 */

export type Region = 'Americas' | 'EMEA' | 'APAC'

export interface Department {
  name: string
  /** Relative headcount. */
  weight: number
  /** Head of the department (reports to the CEO). */
  headTitle: string
  /** People with reports. */
  managerTitles: readonly string[]
  /** People without reports. */
  staffTitles: readonly string[]
  /** Team names for "{Department} {Team}" groups. */
  teams: readonly string[]
}

export const DEPARTMENTS: readonly Department[] = [
  {
    name: 'Sales',
    weight: 16,
    headTitle: 'Vice President of Sales',
    managerTitles: ['Sales Director', 'Regional Sales Manager', 'Sales Manager'],
    staffTitles: ['Account Executive', 'Senior Account Executive', 'Sales Development Representative', 'Sales Engineer', 'Inside Sales Representative', 'Key Account Manager'],
    teams: ['Enterprise', 'Mid-Market', 'Public Sector', 'Channel Partners', 'Renewals'],
  },
  {
    name: 'Marketing',
    weight: 8,
    headTitle: 'Chief Marketing Officer',
    managerTitles: ['Marketing Director', 'Marketing Manager', 'Brand Manager'],
    staffTitles: ['Marketing Specialist', 'Content Writer', 'Digital Marketing Analyst', 'Product Marketing Manager', 'Events Coordinator', 'Graphic Designer'],
    teams: ['Brand', 'Demand Generation', 'Events', 'Content', 'Web'],
  },
  {
    name: 'Engineering',
    weight: 20,
    headTitle: 'Chief Technology Officer',
    managerTitles: ['Director of Engineering', 'Engineering Manager', 'Principal Engineer'],
    staffTitles: ['Software Engineer', 'Senior Software Engineer', 'QA Engineer', 'DevOps Engineer', 'Site Reliability Engineer', 'Frontend Developer', 'Data Engineer', 'Security Engineer'],
    teams: ['Platform', 'Streaming', 'Mobile', 'Search', 'Identity', 'Infrastructure', 'Player'],
  },
  {
    name: 'Product',
    weight: 5,
    headTitle: 'Chief Product Officer',
    managerTitles: ['Director of Product', 'Group Product Manager'],
    staffTitles: ['Product Manager', 'Senior Product Manager', 'UX Designer', 'UX Researcher', 'Technical Writer'],
    teams: ['Design', 'Research', 'Documentation'],
  },
  {
    name: 'Video Production',
    weight: 7,
    headTitle: 'Head of Video Production',
    managerTitles: ['Production Manager', 'Post-Production Supervisor', 'Studio Manager'],
    staffTitles: ['Video Editor', 'Camera Operator', 'Motion Graphics Artist', 'Producer', 'Sound Engineer', 'Colorist', 'Caption Specialist'],
    teams: ['Studio', 'Live Events', 'Post-Production', 'Captioning'],
  },
  {
    name: 'Customer Success',
    weight: 10,
    headTitle: 'Vice President of Customer Success',
    managerTitles: ['Support Manager', 'Customer Success Manager Lead', 'Support Team Lead'],
    staffTitles: ['Customer Success Manager', 'Support Engineer', 'Technical Support Specialist', 'Onboarding Specialist', 'Solutions Consultant'],
    teams: ['Tier 1 Support', 'Tier 2 Support', 'Onboarding', 'Professional Services'],
  },
  {
    name: 'Finance',
    weight: 5,
    headTitle: 'Chief Financial Officer',
    managerTitles: ['Finance Director', 'Controller', 'Accounting Manager'],
    staffTitles: ['Financial Analyst', 'Accountant', 'Payroll Specialist', 'Accounts Payable Clerk', 'Tax Specialist'],
    teams: ['Accounting', 'Payroll', 'Procurement'],
  },
  {
    name: 'Human Resources',
    weight: 4,
    headTitle: 'Chief People Officer',
    managerTitles: ['HR Director', 'HR Manager', 'Talent Acquisition Manager'],
    staffTitles: ['HR Business Partner', 'Recruiter', 'HR Generalist', 'Learning and Development Specialist', 'Benefits Coordinator'],
    teams: ['Recruiting', 'People Operations', 'Learning'],
  },
  {
    name: 'Legal',
    weight: 2,
    headTitle: 'General Counsel',
    managerTitles: ['Associate General Counsel', 'Compliance Manager'],
    staffTitles: ['Corporate Counsel', 'Paralegal', 'Compliance Analyst', 'Contracts Manager', 'Privacy Officer'],
    teams: ['Compliance', 'Contracts', 'Privacy'],
  },
  {
    name: 'IT',
    weight: 6,
    headTitle: 'Chief Information Officer',
    managerTitles: ['IT Director', 'IT Manager', 'Service Desk Manager'],
    staffTitles: ['Systems Administrator', 'Identity Engineer', 'Service Desk Analyst', 'Network Engineer', 'Cloud Administrator', 'IT Support Technician'],
    teams: ['Service Desk', 'Identity and Access', 'Networks', 'End User Computing'],
  },
  {
    name: 'Operations',
    weight: 7,
    headTitle: 'Chief Operating Officer',
    managerTitles: ['Operations Director', 'Operations Manager', 'Facilities Manager'],
    staffTitles: ['Operations Analyst', 'Project Coordinator', 'Office Manager', 'Facilities Coordinator', 'Program Manager', 'Business Analyst'],
    teams: ['Facilities', 'Program Office', 'Vendor Management'],
  },
  {
    name: 'Research',
    weight: 3,
    headTitle: 'Director of Research',
    managerTitles: ['Research Lead', 'Principal Scientist'],
    staffTitles: ['Data Scientist', 'Machine Learning Engineer', 'Research Scientist', 'Research Assistant'],
    teams: ['AI', 'Analytics', 'Speech'],
  },
]

export interface Office {
  /** physicalDeliveryOfficeName */
  name: string
  streetAddress: string
  city: string
  state?: string
  country: string
  postalCode: string
  region: Region
  /** +CC and the area codes numbers start with. */
  callingCode: string
  areaCodes: readonly string[]
  /** Local digits after the area code; US offices use 555 01xx, reserved for fiction. */
  localPattern: 'us' | 'digits7' | 'digits8'
  preferredLanguage: string
  /** Relative headcount. */
  weight: number
  /** Where the people of this office come from, relative weights. */
  cultures: Partial<Record<Culture, number>>
}

export const OFFICES: readonly Office[] = [
  { name: 'Seattle HQ', streetAddress: '1200 Fifth Avenue, Suite 800', city: 'Seattle', state: 'WA', country: 'United States', postalCode: '98101', region: 'Americas', callingCode: '+1', areaCodes: ['206', '425'], localPattern: 'us', preferredLanguage: 'en-US', weight: 16, cultures: { english: 6, irish: 1, chinese: 1, indian: 2, spanish: 1, korean: 1, vietnamese: 1, german: 1 } },
  { name: 'New York', streetAddress: '350 Madison Avenue, 12th Floor', city: 'New York', state: 'NY', country: 'United States', postalCode: '10017', region: 'Americas', callingCode: '+1', areaCodes: ['212', '646'], localPattern: 'us', preferredLanguage: 'en-US', weight: 10, cultures: { english: 5, irish: 2, italian: 1, spanish: 2, chinese: 1, nigerian: 1, greek: 1, polish: 1 } },
  { name: 'Houston', streetAddress: '800 Bell Street, Floor 20', city: 'Houston', state: 'TX', country: 'United States', postalCode: '77002', region: 'Americas', callingCode: '+1', areaCodes: ['713', '832'], localPattern: 'us', preferredLanguage: 'en-US', weight: 6, cultures: { english: 5, spanish: 4, vietnamese: 1, nigerian: 1, pakistani: 1, indian: 1 } },
  { name: 'Toronto', streetAddress: '100 King Street West, Suite 5600', city: 'Toronto', state: 'ON', country: 'Canada', postalCode: 'M5X 1C9', region: 'Americas', callingCode: '+1', areaCodes: ['416', '647'], localPattern: 'us', preferredLanguage: 'en-CA', weight: 5, cultures: { english: 4, french: 2, chinese: 2, indian: 2, pakistani: 1, portuguese: 1, italian: 1 } },
  { name: 'São Paulo', streetAddress: 'Avenida Paulista, 1374, 10º andar', city: 'São Paulo', state: 'SP', country: 'Brazil', postalCode: '01310-100', region: 'Americas', callingCode: '+55', areaCodes: ['11'], localPattern: 'digits8', preferredLanguage: 'pt-BR', weight: 4, cultures: { portuguese: 8, italian: 1, japanese: 1, spanish: 1 } },
  { name: 'Mexico City', streetAddress: 'Paseo de la Reforma 296, Piso 18', city: 'Ciudad de México', state: 'CDMX', country: 'Mexico', postalCode: '06600', region: 'Americas', callingCode: '+52', areaCodes: ['55'], localPattern: 'digits8', preferredLanguage: 'es-MX', weight: 3, cultures: { spanish: 9, english: 1 } },
  { name: 'London', streetAddress: '30 Finsbury Square', city: 'London', country: 'United Kingdom', postalCode: 'EC2A 1AG', region: 'EMEA', callingCode: '+44', areaCodes: ['20'], localPattern: 'digits8', preferredLanguage: 'en-GB', weight: 9, cultures: { english: 6, irish: 1, indian: 2, pakistani: 1, polish: 1, nigerian: 1, french: 1, italian: 1 } },
  { name: 'Dublin', streetAddress: 'One Spencer Dock, North Wall Quay', city: 'Dublin', country: 'Ireland', postalCode: 'D01 X9R7', region: 'EMEA', callingCode: '+353', areaCodes: ['1'], localPattern: 'digits7', preferredLanguage: 'en-IE', weight: 4, cultures: { irish: 6, english: 1, polish: 1, portuguese: 1, spanish: 1 } },
  { name: 'Berlin', streetAddress: 'Friedrichstraße 68', city: 'Berlin', state: 'Berlin', country: 'Germany', postalCode: '10117', region: 'EMEA', callingCode: '+49', areaCodes: ['30'], localPattern: 'digits8', preferredLanguage: 'de-DE', weight: 5, cultures: { german: 7, turkish: 2, polish: 1, greek: 1, arabic: 1 } },
  { name: 'Paris', streetAddress: '40 avenue des Terroirs de France', city: 'Paris', country: 'France', postalCode: '75012', region: 'EMEA', callingCode: '+33', areaCodes: ['1'], localPattern: 'digits8', preferredLanguage: 'fr-FR', weight: 4, cultures: { french: 8, arabic: 1, portuguese: 1, vietnamese: 1 } },
  { name: 'Madrid', streetAddress: 'Paseo de la Castellana 259', city: 'Madrid', country: 'Spain', postalCode: '28046', region: 'EMEA', callingCode: '+34', areaCodes: ['91'], localPattern: 'digits7', preferredLanguage: 'es-ES', weight: 3, cultures: { spanish: 9, portuguese: 1 } },
  { name: 'Amsterdam', streetAddress: 'Gustav Mahlerlaan 300', city: 'Amsterdam', country: 'Netherlands', postalCode: '1082 ME', region: 'EMEA', callingCode: '+31', areaCodes: ['20'], localPattern: 'digits7', preferredLanguage: 'nl-NL', weight: 3, cultures: { dutch: 7, turkish: 1, english: 1, indian: 1 } },
  { name: 'Stockholm', streetAddress: 'Kungsgatan 33', city: 'Stockholm', country: 'Sweden', postalCode: '111 56', region: 'EMEA', callingCode: '+46', areaCodes: ['8'], localPattern: 'digits7', preferredLanguage: 'sv-SE', weight: 2, cultures: { nordic: 8, arabic: 1, polish: 1 } },
  { name: 'Warsaw', streetAddress: 'ul. Marszałkowska 126/134', city: 'Warszawa', country: 'Poland', postalCode: '00-008', region: 'EMEA', callingCode: '+48', areaCodes: ['22'], localPattern: 'digits7', preferredLanguage: 'pl-PL', weight: 3, cultures: { polish: 9, english: 1 } },
  { name: 'Istanbul', streetAddress: 'Büyükdere Caddesi No: 185', city: 'İstanbul', country: 'Türkiye', postalCode: '34394', region: 'EMEA', callingCode: '+90', areaCodes: ['212'], localPattern: 'digits7', preferredLanguage: 'tr-TR', weight: 2, cultures: { turkish: 9, greek: 1 } },
  { name: 'Dubai', streetAddress: 'Dubai Internet City, Building 17', city: 'Dubai', country: 'United Arab Emirates', postalCode: '00000', region: 'EMEA', callingCode: '+971', areaCodes: ['4'], localPattern: 'digits7', preferredLanguage: 'en-US', weight: 3, cultures: { arabic: 4, indian: 3, pakistani: 3, english: 1, nigerian: 1 } },
  { name: 'Nairobi', streetAddress: 'Westlands Road, Delta Corner Tower', city: 'Nairobi', country: 'Kenya', postalCode: '00800', region: 'EMEA', callingCode: '+254', areaCodes: ['20'], localPattern: 'digits7', preferredLanguage: 'en-KE', weight: 2, cultures: { kenyan: 8, indian: 1, english: 1 } },
  { name: 'Lagos', streetAddress: '1 Adeola Odeku Street, Victoria Island', city: 'Lagos', state: 'Lagos', country: 'Nigeria', postalCode: '101241', region: 'EMEA', callingCode: '+234', areaCodes: ['1'], localPattern: 'digits7', preferredLanguage: 'en-NG', weight: 2, cultures: { nigerian: 9, english: 1 } },
  { name: 'Karachi', streetAddress: 'Plot 35, Shahrah-e-Faisal, Block 6 PECHS', city: 'Karachi', state: 'Sindh', country: 'Pakistan', postalCode: '75400', region: 'APAC', callingCode: '+92', areaCodes: ['21'], localPattern: 'digits8', preferredLanguage: 'en-US', weight: 8, cultures: { pakistani: 9, english: 1 } },
  { name: 'Lahore', streetAddress: '55-K Main Boulevard, Gulberg II', city: 'Lahore', state: 'Punjab', country: 'Pakistan', postalCode: '54660', region: 'APAC', callingCode: '+92', areaCodes: ['42'], localPattern: 'digits8', preferredLanguage: 'ur-PK', weight: 4, cultures: { pakistani: 10 } },
  { name: 'Bengaluru', streetAddress: 'Embassy Golf Links, Tower C, Intermediate Ring Road', city: 'Bengaluru', state: 'Karnataka', country: 'India', postalCode: '560071', region: 'APAC', callingCode: '+91', areaCodes: ['80'], localPattern: 'digits8', preferredLanguage: 'en-IN', weight: 7, cultures: { indian: 10 } },
  { name: 'Singapore', streetAddress: '8 Marina View, Asia Square Tower 1', city: 'Singapore', country: 'Singapore', postalCode: '018960', region: 'APAC', callingCode: '+65', areaCodes: ['6'], localPattern: 'digits7', preferredLanguage: 'en-SG', weight: 4, cultures: { chinese: 5, indian: 2, english: 1, vietnamese: 1 } },
  { name: 'Tokyo', streetAddress: '2-7-2 Marunouchi, Chiyoda-ku', city: 'Tokyo', state: 'Tokyo', country: 'Japan', postalCode: '100-7090', region: 'APAC', callingCode: '+81', areaCodes: ['3'], localPattern: 'digits8', preferredLanguage: 'ja-JP', weight: 4, cultures: { japanese: 9, english: 1 } },
  { name: 'Seoul', streetAddress: '152 Teheran-ro, Gangnam-gu', city: 'Seoul', country: 'South Korea', postalCode: '06236', region: 'APAC', callingCode: '+82', areaCodes: ['2'], localPattern: 'digits8', preferredLanguage: 'ko-KR', weight: 2, cultures: { korean: 10 } },
  { name: 'Sydney', streetAddress: '1 Martin Place, Level 22', city: 'Sydney', state: 'NSW', country: 'Australia', postalCode: '2000', region: 'APAC', callingCode: '+61', areaCodes: ['2'], localPattern: 'digits8', preferredLanguage: 'en-AU', weight: 4, cultures: { english: 6, chinese: 1, indian: 1, greek: 1, italian: 1, vietnamese: 1 } },
]

/** Access groups named after the VIDIZMO CALs, for CAL rules that match on group (reference/vidizmo-portal.md). */
export const APP_ACCESS_GROUPS = ['VIDIZMO Administrators', 'VIDIZMO Managers', 'VIDIZMO Moderators', 'VIDIZMO Contributors', 'VIDIZMO Viewers'] as const

/** Code names for project groups ("Project Falcon"). */
export const PROJECT_CODENAMES: readonly string[] = (
  'Falcon, Aurora, Atlas, Beacon, Cascade, Cobalt, Comet, Condor, Coral, Cyclone, Delta, Ember, Everest, Fjord, Glacier, Granite, Harbor, Helios, Horizon, Indigo, ' +
  'Jasper, Juniper, Kestrel, Lighthouse, Lynx, Magnolia, Meridian, Monsoon, Nebula, Nimbus, Obsidian, Onyx, Orion, Osprey, Pegasus, Phoenix, Polaris, Quartz, Redwood, ' +
  'Sapphire, Sequoia, Sierra, Solstice, Sparrow, Summit, Tempest, Titan, Tundra, Vanguard, Zephyr'
).split(', ')
