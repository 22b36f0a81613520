// Word lists for realistic demo people and organisations. Addresses use only the reserved
// example.com / example.org / example.net domains (RFC 2606), so no demo email can reach anyone.

export const FIRST_NAMES = [
  "Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Ivy", "Leo",
  "Freya", "Oscar", "Lily", "Harry", "Grace", "Jack", "Sophia", "Charlie", "Emily", "Thomas",
  "Aisha", "Mohammed", "Priya", "Arjun", "Mei", "Wei", "Yuki", "Kenji", "Fatima", "Omar",
  "Siobhan", "Ciaran", "Niamh", "Padraig", "Aoife", "Sean", "Ingrid", "Lars", "Sofie", "Mateo",
  "Lucia", "Chloe", "Hugo", "Elena", "Luca", "Giulia", "Anna", "Jonas", "Lena", "Felix",
  "Zara", "Ethan", "Ruby", "Daniel", "Hannah", "Samuel", "Olivia", "James", "Maya", "Adam",
] as const;

export const LAST_NAMES = [
  "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
  "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall",
  "Patel", "Khan", "Singh", "Ahmed", "Chen", "Wang", "Nakamura", "Kowalski", "Novak", "Muller",
  "Schmidt", "Rossi", "Bianchi", "Garcia", "Fernandez", "Lopez", "Dubois", "Martin", "Jensen", "Larsen",
  "O'Brien", "O'Neill", "O'Connor", "D'Souza", "D'Angelo", "McCarthy", "Murphy", "Kelly", "Byrne", "Walsh",
  "Clarke", "Baker", "Cooper", "Turner", "Morris", "Ward", "Price", "Bennett", "Gray", "Fox",
] as const;

export const COMPANY_WORDS = [
  "Northwind", "Blue Harbour", "Fabrikam", "Contoso", "Litware", "Tailspin", "Wingtip", "Adventure Works",
  "Alpine Ski", "Coho Vineyard", "Fourth Coffee", "Lamna", "Margie's Travel", "Proseware", "Trey Research",
  "Woodgrove", "Silverline", "Redwood", "Oakfield", "Kestrel", "Brightwater", "Granite Peak", "Meadowlark",
  "Harbourside", "Copperfield", "Riverbend", "Stonegate", "Thistle", "Lighthouse", "Evergreen",
] as const;

export const COMPANY_KINDS = [
  "Traders", "Logistics", "Consulting", "Foods", "Engineering", "Media", "Health", "Software",
  "Studios", "Partners", "Analytics", "Retail", "Energy", "Finance", "Labs",
] as const;

export const COMPANY_SUFFIXES = ["Ltd", "plc", "GmbH", "LLP", "Group", "& Co", "Inc", "BV"] as const;

export const DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com", "uk.example.org", "eu.example.net"] as const;

/** Sub-address tags people add to their own address; the sync must keep the `+` intact. */
export const PLUS_TAGS = ["news", "crm", "events", "offers", "work"] as const;

export const ACCOUNT_MAILBOXES = ["info", "hello", "marketing", "office", "contact", "accounts"] as const;

/** Names for catalogue items added beyond the base catalogue when a bigger catalogue is asked for. */
export const EXTRA_CATEGORY_NAMES = [
  "Regional news", "Training", "Community", "Sustainability", "Research", "Careers", "Customer stories", "Support",
] as const;
export const EXTRA_PREFERENCE_TOPICS = [
  "London", "Manchester", "Edinburgh", "Dublin", "Berlin", "Paris", "Madrid", "Amsterdam", "Stockholm", "Milan",
  "Beginners", "Advanced", "Case studies", "Podcasts", "Video", "Reports", "Meetups", "Awards",
] as const;
