import type { SourceDirectory, SourceGroup, SourceUser } from '../../model'
import { DirectoryError } from '../directory-error'
import { guidFrom } from '../ids'
import { Prng } from '../prng'
import { upnProblem } from '../../../../../shared/scenario/directory-schema'
import { groupMailNickname } from '../user-input'
import { asciiNamePart, NAMES, type Culture } from './names'
import { APP_ACCESS_GROUPS, DEPARTMENTS, OFFICES, PROJECT_CODENAMES, type Department, type Office, type Region } from './organisation'

export interface GenerateDirectoryOptions {
  /** How many users, 1 to 200,000. */
  users: number
  /** How many groups, 0 to 10,000. */
  groups: number
  /** Same seed, byte-identical directory. A number reads as its decimal text. */
  seed: string | number
  /** The UPN and mail domain. Default contoso.com. */
  domain?: string
  /**
   * Members of every group, exactly (or all users, if fewer), topped up from other users when a
   * group's natural pool is smaller: sizes a benchmark can count on. When absent, department,
   * region, office, manager and access groups hold everyone they describe, and team and project
   * groups 5 to 40 people, as in a real tenant.
   */
  membersPerGroup?: number
}

export const MAX_GENERATED_USERS = 200_000
export const MAX_GENERATED_GROUPS = 10_000
/** Direct reports per manager: a common span of control, which gives 100,000 users a depth of about 6. */
const SPAN_OF_CONTROL = 7
const DISABLED_SHARE = 0.01

/** One generated person before the hierarchy is known. */
interface Person {
  office: Office
  given: string
  surname: string
  /** Index in DEPARTMENTS, or -1 for the CEO. */
  department: number
}

/**
 * A realistic tenant, the same for the same options on any machine: people from the cultures of
 * the office they sit in, `given.surname@domain` UPNs (numbered on collision), titles that match
 * their place in a per-department manager tree under one CEO, ~1% with sign-in blocked, and
 * groups named after departments, regions, offices, teams, projects and the VIDIZMO CALs.
 * The users, the user ids and the groups draw from separate seeded streams, so asking for more
 * groups does not change the users. Throws DirectoryError 'invalidGeneratorOptions'.
 */
export function generateDirectory(options: GenerateDirectoryOptions): SourceDirectory {
  const steps = generateDirectoryInSteps(options)
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
  }
}

/** Where a generation is: `done` of `total` phases, the last one named. */
export interface GenerationProgress {
  phase: string
  done: number
  total: number
}

/**
 * The same generation, yielding after each phase, so a caller can report progress and let the
 * event loop turn between phases (100,000 users take seconds on a slow machine; a console must
 * not look frozen meanwhile). The result is identical to generateDirectory's.
 */
export function* generateDirectoryInSteps(options: GenerateDirectoryOptions): Generator<GenerationProgress, SourceDirectory> {
  const { users: userCount, groups: groupCount, seed, domain, membersPerGroup } = checkOptions(options)
  const total = 5
  const people = drawPeople(new Prng(`${seed}:people`), userCount)
  yield { phase: `Drew ${userCount.toLocaleString('en-US')} people`, done: 1, total }
  const idStream = new Prng(`${seed}:user-ids`)
  const ids = people.map(() => guidFrom(idStream))
  const hierarchy = buildHierarchy(people)
  yield { phase: 'Built the manager hierarchy', done: 2, total }
  const users = buildUsers(new Prng(`${seed}:attributes`), people, ids, hierarchy, domain)
  yield { phase: `Built ${userCount.toLocaleString('en-US')} users`, done: 3, total }
  const groups = buildGroups(new Prng(`${seed}:groups`), new Prng(`${seed}:group-ids`), groupCount, people, ids, hierarchy, membersPerGroup)
  yield { phase: `Built ${groupCount.toLocaleString('en-US')} groups`, done: 4, total }
  return { users, groups }
}

function checkOptions(options: GenerateDirectoryOptions): Required<Omit<GenerateDirectoryOptions, 'membersPerGroup'>> & { membersPerGroup?: number } {
  const refuse = (message: string): never => {
    throw new DirectoryError('invalidGeneratorOptions', message)
  }
  const { users, groups, seed, membersPerGroup } = options ?? ({} as GenerateDirectoryOptions)
  if (!Number.isInteger(users) || users < 1 || users > MAX_GENERATED_USERS)
    refuse(`The number of users must be a whole number from 1 to ${MAX_GENERATED_USERS.toLocaleString('en-US')}.`)
  if (!Number.isInteger(groups) || groups < 0 || groups > MAX_GENERATED_GROUPS)
    refuse(`The number of groups must be a whole number from 0 to ${MAX_GENERATED_GROUPS.toLocaleString('en-US')}.`)
  if (typeof seed !== 'string' && !(typeof seed === 'number' && Number.isFinite(seed))) refuse('The seed must be a text or a number.')
  if (membersPerGroup !== undefined && (!Number.isInteger(membersPerGroup) || membersPerGroup < 0)) refuse('membersPerGroup must be a whole number, 0 or more.')
  const domain = (options.domain ?? 'contoso.com').trim().toLowerCase()
  if (upnProblem(`user@${domain}`)) refuse(`'${options.domain}' is not a domain name, such as contoso.com.`)
  return { users, groups, seed, domain, membersPerGroup }
}

/** Cumulative weights, so a weighted pick is one draw and a short scan. */
function weighted<T>(items: readonly T[], weight: (item: T) => number): (prng: Prng) => T {
  const cumulative: number[] = []
  let total = 0
  for (const item of items) cumulative.push((total += weight(item)))
  return (prng) => {
    const target = prng.next() * total
    let index = 0
    while (cumulative[index] <= target) index++
    return items[index]
  }
}

const pickOffice = weighted(OFFICES, (office) => office.weight)
const pickDepartment = weighted(
  DEPARTMENTS.map((_, index) => index),
  (index) => DEPARTMENTS[index].weight,
)
const pickCulture = new Map(
  OFFICES.map((office) => {
    const cultures = Object.entries(office.cultures) as [Culture, number][]
    return [office, weighted(cultures, ([, weight]) => weight)] as const
  }),
)

function drawPeople(prng: Prng, count: number): Person[] {
  const people: Person[] = []
  for (let i = 0; i < count; i++) {
    // the first user is the CEO, at headquarters, so every department head has someone to report to
    const office = i === 0 ? OFFICES[0] : pickOffice(prng)
    const [culture] = (pickCulture.get(office) as (prng: Prng) => [Culture, number])(prng)
    const names = NAMES[culture]
    people.push({ office, given: prng.pick(names.given), surname: prng.pick(names.surnames), department: i === 0 ? -1 : pickDepartment(prng) })
  }
  return people
}

interface Hierarchy {
  /** Index of each person's manager, -1 for the CEO. */
  manager: Int32Array
  /** 0 for the CEO, 1 for department heads, and so on down. */
  depth: Int32Array
  hasReports: Uint8Array
}

/**
 * Each department is a tree under its first member (the head, who reports to the CEO): member k
 * reports to member floor((k - 1) / span) of the same department. A manager always comes before
 * its reports, so the graph cannot loop, and the tree stays balanced at any size.
 */
function buildHierarchy(people: readonly Person[]): Hierarchy {
  const count = people.length
  const manager = new Int32Array(count).fill(-1)
  const depth = new Int32Array(count)
  const hasReports = new Uint8Array(count)
  const members: number[][] = DEPARTMENTS.map(() => [])
  for (let i = 1; i < count; i++) {
    const team = members[people[i].department]
    const k = team.length
    const boss = k === 0 ? 0 : team[Math.floor((k - 1) / SPAN_OF_CONTROL)]
    manager[i] = boss
    depth[i] = depth[boss] + 1
    hasReports[boss] = 1
    team.push(i)
  }
  return { manager, depth, hasReports }
}

function jobTitle(prng: Prng, department: Department | undefined, depth: number, hasReports: boolean): string {
  if (!department) return 'Chief Executive Officer'
  if (depth === 1) return department.headTitle
  if (hasReports) return department.managerTitles[Math.min(depth - 2, department.managerTitles.length - 1)]
  return prng.pick(department.staffTitles)
}

function phoneNumber(prng: Prng, office: Office): string {
  const area = prng.pick(office.areaCodes)
  switch (office.localPattern) {
    case 'us':
      return `${office.callingCode} ${area} 555 01${prng.digits(2)}`
    case 'digits7':
      return `${office.callingCode} ${area} ${1 + prng.int(9)}${prng.digits(2)} ${prng.digits(4)}`
    case 'digits8':
      return `${office.callingCode} ${area} ${1 + prng.int(9)}${prng.digits(3)} ${prng.digits(4)}`
  }
}

function buildUsers(prng: Prng, people: readonly Person[], ids: readonly string[], hierarchy: Hierarchy, domain: string): SourceUser[] {
  const taken = new Map<string, number>()
  return people.map((person, i) => {
    // digits never occur in a base name, so 'adele.vance2' cannot clash with another person's base
    const base = `${asciiNamePart(person.given) || 'user'}.${asciiNamePart(person.surname) || 'user'}`.slice(0, 58)
    const seen = (taken.get(base) ?? 0) + 1
    taken.set(base, seen)
    const alias = seen === 1 ? base : `${base}${seen}`
    const upn = `${alias}@${domain}`
    const department = DEPARTMENTS[person.department]
    const office = person.office
    // accountEnabled is set last so it closes the record, as in the model; the cast covers the gap
    const user = {
      objectId: ids[i],
      userPrincipalName: upn,
      mailNickname: alias,
      displayName: `${person.given} ${person.surname}`,
      givenName: person.given,
      surname: person.surname,
      jobTitle: jobTitle(prng, department, hierarchy.depth[i], hierarchy.hasReports[i] === 1),
      department: department?.name ?? 'Executive',
      employeeId: String(100001 + i),
      mail: upn,
    } as SourceUser
    if (prng.chance(0.85)) user.telephoneNumber = phoneNumber(prng, office)
    if (prng.chance(0.7)) user.mobile = phoneNumber(prng, office)
    if (prng.chance(0.03)) user.facsimileTelephoneNumber = phoneNumber(prng, office)
    user.physicalDeliveryOfficeName = office.name
    user.streetAddress = office.streetAddress
    user.city = office.city
    if (office.state !== undefined) user.state = office.state
    user.postalCode = office.postalCode
    user.country = office.country
    user.preferredLanguage = office.preferredLanguage
    user.proxyAddresses = [`SMTP:${upn}`]
    if (hierarchy.manager[i] >= 0) user.managerId = ids[hierarchy.manager[i]]
    user.accountEnabled = i === 0 || !prng.chance(DISABLED_SHARE)
    return user
  })
}

/** A group the generator can make: its name, who naturally belongs, and whether it holds all of them by default. */
interface GroupPlan {
  name: string
  pool: () => number[]
  whole: boolean
}

const REGIONS: readonly Region[] = ['Americas', 'EMEA', 'APAC']

/** Who is where, computed once: filtering 100,000 people again for each of 1,000 groups took most of the time. */
interface Pools {
  everyone: number[]
  managers: number[]
  byDepartment: number[][]
  managersByDepartment: number[][]
  byDepartmentRegion: Map<string, number[]>
  byOffice: Map<Office, number[]>
}

function buildPools(people: readonly Person[], hierarchy: Hierarchy): Pools {
  const pools: Pools = {
    everyone: [],
    managers: [],
    byDepartment: DEPARTMENTS.map(() => []),
    managersByDepartment: DEPARTMENTS.map(() => []),
    byDepartmentRegion: new Map(),
    byOffice: new Map(OFFICES.map((office) => [office, []])),
  }
  people.forEach((person, i) => {
    pools.everyone.push(i)
    const manages = hierarchy.hasReports[i] === 1
    if (manages) pools.managers.push(i)
    ;(pools.byOffice.get(person.office) as number[]).push(i)
    if (person.department < 0) return
    pools.byDepartment[person.department].push(i)
    if (manages) pools.managersByDepartment[person.department].push(i)
    const key = `${person.department}:${person.office.region}`
    const regional = pools.byDepartmentRegion.get(key)
    if (regional) regional.push(i)
    else pools.byDepartmentRegion.set(key, [i])
  })
  return pools
}

/** Group plans in the order they are used: the few every tenant has first, then teams, then endless projects. */
function* groupPlans(pools: Pools): Generator<GroupPlan> {
  const department = (name: string) => pools.byDepartment[DEPARTMENTS.findIndex((d) => d.name === name)]
  const access: Record<(typeof APP_ACCESS_GROUPS)[number], () => number[]> = {
    'VIDIZMO Administrators': () => pools.managersByDepartment[DEPARTMENTS.findIndex((d) => d.name === 'IT')],
    'VIDIZMO Managers': () => pools.managers,
    'VIDIZMO Moderators': () => [...department('Customer Success'), ...department('Legal')].sort((a, b) => a - b),
    'VIDIZMO Contributors': () => [...department('Video Production'), ...department('Marketing'), ...department('Product')].sort((a, b) => a - b),
    'VIDIZMO Viewers': () => pools.everyone,
  }
  for (const name of APP_ACCESS_GROUPS) yield { name, pool: access[name], whole: true }
  for (const [index, { name }] of DEPARTMENTS.entries()) yield { name, pool: () => pools.byDepartment[index], whole: true }
  for (const [index, { name }] of DEPARTMENTS.entries()) {
    for (const region of REGIONS) yield { name: `${name} ${region}`, pool: () => pools.byDepartmentRegion.get(`${index}:${region}`) ?? [], whole: true }
  }
  yield { name: 'All Managers', pool: () => pools.managers, whole: true }
  for (const [index, { name }] of DEPARTMENTS.entries()) yield { name: `${name} Managers`, pool: () => pools.managersByDepartment[index], whole: true }
  for (const office of OFFICES) yield { name: `${office.name} Office`, pool: () => pools.byOffice.get(office) as number[], whole: true }
  for (const [index, { teams }] of DEPARTMENTS.entries()) {
    for (const team of teams) yield { name: `${team} Team`, pool: () => pools.byDepartment[index], whole: false }
  }
  for (let round = 1; ; round++) {
    for (const codename of PROJECT_CODENAMES)
      yield { name: round === 1 ? `Project ${codename}` : `Project ${codename} ${round}`, pool: () => pools.everyone, whole: false }
  }
}

function buildGroups(
  prng: Prng,
  idStream: Prng,
  count: number,
  people: readonly Person[],
  ids: readonly string[],
  hierarchy: Hierarchy,
  membersPerGroup: number | undefined,
): SourceGroup[] {
  const groups: SourceGroup[] = []
  const names = new Set<string>()
  const plans = groupPlans(buildPools(people, hierarchy))
  while (groups.length < count) {
    const plan = plans.next().value as GroupPlan
    // a team name used by two departments would make two groups Entra matches by the same displayName
    if (names.has(plan.name)) continue
    names.add(plan.name)
    const pool = plan.pool()
    let members: number[]
    if (membersPerGroup !== undefined) members = exactly(prng, pool, Math.min(membersPerGroup, people.length), people.length)
    else if (plan.whole) members = pool
    else members = sample(prng, pool, Math.min(pool.length, 5 + prng.int(36)))
    const group: SourceGroup = { objectId: guidFrom(idStream), displayName: plan.name, memberIds: members.map((i) => ids[i]) }
    const mailNickname = groupMailNickname(plan.name)
    if (mailNickname) group.mailNickname = mailNickname
    groups.push(group)
  }
  return groups
}

/**
 * `k` distinct elements of `pool`, in pool order. Floyd's algorithm draws exactly k numbers
 * whatever the pool size, which keeps 1,000 samples from 100,000-user pools cheap.
 */
function sample(prng: Prng, pool: readonly number[], k: number): number[] {
  const chosen = new Set<number>()
  for (let j = pool.length - k; j < pool.length; j++) {
    const t = prng.int(j + 1)
    chosen.add(chosen.has(t) ? j : t)
  }
  return [...chosen].sort((a, b) => a - b).map((position) => pool[position])
}

/** `size` members: from the pool, topped up from everyone else when the pool is smaller. */
function exactly(prng: Prng, pool: readonly number[], size: number, userCount: number): number[] {
  if (pool.length >= size) return sample(prng, pool, size)
  const inPool = new Set(pool)
  const others: number[] = []
  for (let i = 0; i < userCount; i++) if (!inPool.has(i)) others.push(i)
  return [...pool, ...sample(prng, others, size - pool.length)].sort((a, b) => a - b)
}
