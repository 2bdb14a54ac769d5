"""Product catalog, price books, issues, and each product's latent complaint habits and seasonality."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from crmtui.org.generate.context import Build, d, dt
from crmtui.org.generate.vocab import IssueSpec, ProductSpec

CATALOG_ID = "0ZSWs000000CatAIAS"


@dataclass
class Product:
    """A product record with its latent service profile."""

    id: str
    spec: ProductSpec
    entry_ids: dict[str, str]  # pricebook Id -> PricebookEntry Id
    prices: dict[str, float]  # pricebook Id -> unit price
    case_weight: float  # how often it generates cases
    issue_weights: list[float]  # complaint habit over issues (top_issue_identification)
    peak_month: int  # month with a case spike (monthly_trend_analysis)


@dataclass
class Catalog:
    products: list[Product]
    issues: list[tuple[str, IssueSpec]]
    standard_book: str
    books: list[tuple[str, datetime | None, datetime | None]]  # (Id, valid from, valid to)

    def book_for(self, when: datetime) -> str:
        """The dated price book in force at `when`, else the standard one."""
        for book_id, lo, hi in self.books:
            if lo is not None and hi is not None and lo <= when < hi:
                return book_id
        return self.standard_book


_SEASON_NAMES = ("Winter", "Spring", "Summer", "Fall")


def make_catalog(b: Build) -> Catalog:
    rng = b.rng("catalog")
    pack = b.pack
    category_ids = {}
    for name in pack.categories[: b.sizes.categories]:
        category_ids[name] = b.add("ProductCategory", {"Name": name, "CatalogId": CATALOG_ID})["Id"]
    specs = list(pack.products)
    product_rows = []
    for i, spec in enumerate(specs):
        row = b.add("Product2", {"Name": spec.name, "Description": spec.description,
                                 "IsActive": 0 if rng.random() < 0.04 else 1,
                                 "External_ID__c": f"EXT-{1000 + i:05d}"})
        product_rows.append(row)
        pcp = {"ProductCategoryId": category_ids.get(spec.category) or next(iter(category_ids.values())),
               "ProductId": row["Id"]}
        if b.has("ProductCategoryProduct", "ProductCategory"):
            pcp["ProductCategory"] = spec.category
            pcp["Product"] = row["External_ID__c"]
        b.add("ProductCategoryProduct", pcp)

    books = _make_pricebooks(b)
    standard = books[0][0]
    entries: list[dict[str, str]] = [{} for _ in specs]
    prices: list[dict[str, float]] = [{} for _ in specs]
    # Pro orgs price everything from the standard book only (Table 6: ~50 entries for 51 products).
    priced_books = books if b.kind == "original" else books[:1]
    for book_id, _lo, _hi in priced_books:
        factor = 1.0 if book_id == standard else rng.uniform(0.7, 0.97)
        for i, spec in enumerate(specs):
            price = _price(spec.list_price * factor)
            entry = b.add("PricebookEntry", {"Pricebook2Id": book_id, "Product2Id": product_rows[i]["Id"],
                                             "UnitPrice": price})
            entries[i][book_id] = entry["Id"]
            prices[i][book_id] = price

    issues = []
    for spec in pack.issues[: b.sizes.issues]:
        row = b.add("Issue__c", {"Name": spec.name, "Description__c": spec.description})
        issues.append((row["Id"], spec))

    products = []
    n_issues = len(issues)
    for i, spec in enumerate(specs):
        # Complaint habit: one dominant issue, two secondary ones, a long tail.
        order = rng.sample(range(n_issues), n_issues)
        weights = [0.05] * n_issues
        weights[order[0]] = rng.uniform(5.0, 8.0)
        weights[order[1]] = rng.uniform(1.0, 2.0)
        weights[order[2]] = rng.uniform(0.5, 1.2)
        products.append(Product(
            id=product_rows[i]["Id"], spec=spec, entry_ids=entries[i], prices=prices[i],
            case_weight=rng.paretovariate(1.1), issue_weights=weights, peak_month=rng.randint(1, 12),
        ))
    b.latent["products"] = {p.id: p for p in products}
    return Catalog(products=products, issues=issues, standard_book=standard, books=books)


def _price(value: float) -> float:
    """A shelf price: whole units ending in .99 below $1,000, rounded to $10 above."""
    if value < 1000:
        return float(int(value)) + 0.99
    return float(round(value, -1))


def _make_pricebooks(b: Build) -> list[tuple[str, datetime | None, datetime | None]]:
    """The standard book plus dated seasonal books (original) or one partner book (Pro)."""
    rng = b.rng("pricebooks")
    books: list[tuple[str, datetime | None, datetime | None]] = []
    std = b.add("Pricebook2", {"Name": "Standard Price Book", "Description": "List prices for every product.",
                               "IsActive": 1, "ValidFrom": dt(b.start - timedelta(days=365)), "ValidTo": None})
    books.append((std["Id"], None, None))
    remaining = b.sizes.pricebooks - 1
    if b.kind != "original":
        row = b.add("Pricebook2", {"Name": "Partner Price Book",
                                   "Description": "Discounted prices for resellers and channel partners.",
                                   "IsActive": 1, "ValidFrom": dt(b.start), "ValidTo": None})
        books.append((row["Id"], None, None))
        return books
    # Quarterly seasonal books cover the history; the rest are channel books without dates.
    quarter_start = datetime(b.start.year, ((b.start.month - 1) // 3) * 3 + 1, 1, tzinfo=b.start.tzinfo)
    while remaining > 0 and quarter_start < b.now:
        month = quarter_start.month + 3
        nxt = quarter_start.replace(year=quarter_start.year + (month > 12), month=(month - 1) % 12 + 1)
        season = _SEASON_NAMES[(quarter_start.month % 12) // 3]
        row = b.add("Pricebook2", {
            "Name": f"{season} {quarter_start.year} Promotions",
            "Description": f"Seasonal promotional prices valid {d(quarter_start)} to {d(nxt - timedelta(days=1))}.",
            "IsActive": 1 if nxt > b.now else 0, "ValidFrom": dt(quarter_start), "ValidTo": dt(nxt),
        })
        books.append((row["Id"], quarter_start, nxt))
        quarter_start = nxt
        remaining -= 1
    channels = ("Outlet", "Member Rewards", "Wholesale", "Employee", "Team Sports", "Clearance", "Online Exclusive",
                "Holiday Gift", "Student", "Loyalty Gold", "Corporate Gifting", "Back to School", "Marathon Partner")
    regions = ("West", "East", "Central", "South", "Northeast", "Pacific")
    i = 0
    while remaining > 0:
        name = f"{channels[i % len(channels)]} {regions[(i // len(channels)) % len(regions)]}"
        row = b.add("Pricebook2", {"Name": f"{name} Price Book",
                                   "Description": f"Channel prices for the {name.lower()} program.",
                                   "IsActive": 1 if rng.random() < 0.7 else 0, "ValidFrom": None, "ValidTo": None})
        books.append((row["Id"], None, None))
        remaining -= 1
        i += 1
    return books
