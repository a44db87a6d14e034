//! The hot-rod parts catalog's vocabulary: categories, vehicles, people and
//! shops the generators draw from.

/// A top-level category with its mid-level categories and their detail
/// categories (brand and line).
pub struct Category {
    pub l1: &'static str,
    /// Prefix of the SKUs in this category.
    pub code: &'static str,
    /// Share of the catalog.
    pub weight: f64,
    /// Median unit price in dollars.
    pub price: f64,
    /// Chance that a part is a performance upgrade / a restoration part.
    pub performance: f64,
    pub restoration: f64,
    pub subs: &'static [(&'static str, &'static [&'static str])],
}

pub const CATEGORIES: &[Category] = &[
    Category { l1: "Engine Parts", code: "ENG", weight: 16.0, price: 140.0, performance: 0.7, restoration: 0.3, subs: &[
        ("Carburetors", &["Holley 4-Barrel", "Edelbrock Performer", "Demon Speed", "Tri-Power Setups"]),
        ("Camshafts", &["Comp Cams Hydraulic Roller", "Crane Flat Tappet", "Lunati Voodoo"]),
        ("Intake Manifolds", &["Edelbrock RPM Air-Gap", "Weiand Tunnel Ram", "Offenhauser Dual Quad"]),
        ("Cylinder Heads", &["AFR Aluminum", "Dart Iron Eagle", "Trick Flow Twisted Wedge"]),
        ("Gaskets & Seals", &["Fel-Pro Full Sets", "Mr. Gasket Valve Cover", "Cometic MLS"]),
        ("Valve Covers", &["Finned Aluminum", "Chrome Tall", "Moon Equipment"]),
    ]},
    Category { l1: "Ignition", code: "IGN", weight: 7.0, price: 85.0, performance: 0.6, restoration: 0.35, subs: &[
        ("Distributors", &["MSD Ready-to-Run", "Mallory Unilite", "PerTronix Flame-Thrower"]),
        ("Ignition Coils", &["MSD Blaster", "Accel SuperCoil"]),
        ("Spark Plug Wires", &["Taylor Spiro-Pro", "MSD Super Conductor", "Date-Coded Reproduction"]),
    ]},
    Category { l1: "Exhaust", code: "EXH", weight: 9.0, price: 180.0, performance: 0.75, restoration: 0.2, subs: &[
        ("Headers", &["Hooker Super Comp", "Sanderson Block Huggers", "Lakes Style Side Pipes"]),
        ("Mufflers", &["Flowmaster 40 Series", "Cherry Bomb Glasspack", "MagnaFlow Straight-Through"]),
        ("Exhaust Systems", &["Crossmember-Back Kits", "Dual 2.5-inch Kits"]),
    ]},
    Category { l1: "Fuel Systems", code: "FUL", weight: 7.0, price: 95.0, performance: 0.55, restoration: 0.25, subs: &[
        ("Fuel Pumps", &["Aeromotive A1000", "Carter Mechanical", "Holley Blue"]),
        ("Fuel Tanks", &["Tanks Inc. Steel", "Stainless EFI-Ready"]),
        ("Fuel Lines & Fittings", &["Earl's AN Fittings", "Russell ProClassic Hose"]),
        ("EFI Conversions", &["Holley Sniper", "FiTech Go EFI"]),
    ]},
    Category { l1: "Cooling", code: "COL", weight: 6.0, price: 120.0, performance: 0.35, restoration: 0.45, subs: &[
        ("Radiators", &["Be Cool Aluminum", "Griffin Direct-Fit", "Walker Cobra"]),
        ("Electric Fans", &["Spal High Performance", "Flex-a-lite Dual"]),
        ("Water Pumps", &["Edelbrock Victor", "Stewart Stage 1"]),
    ]},
    Category { l1: "Transmission & Drivetrain", code: "DRV", weight: 8.0, price: 230.0, performance: 0.5, restoration: 0.3, subs: &[
        ("Shifters", &["Hurst Competition Plus", "Lokar Floor Shifters", "B&M Pro Stick"]),
        ("Torque Converters", &["TCI StreetFighter", "Hughes Performance"]),
        ("Rear Ends", &["Ford 9-inch Third Members", "Currie Enterprises Housings"]),
        ("Driveshafts", &["Inland Empire Aluminum", "Denny's Chromoly"]),
    ]},
    Category { l1: "Suspension", code: "SUS", weight: 9.0, price: 160.0, performance: 0.65, restoration: 0.3, subs: &[
        ("Coilovers", &["QA1 Pro Coil", "Ridetech HQ Series", "Aldan American"]),
        ("Leaf Springs", &["Eaton Detroit Spring", "Mono-Leaf Kits"]),
        ("Dropped Spindles", &["Heidts 2-inch", "Speedway Motors Super Bell"]),
        ("Control Arms", &["Global West Tubular", "Hotchkis Street"]),
    ]},
    Category { l1: "Brakes", code: "BRK", weight: 8.0, price: 150.0, performance: 0.55, restoration: 0.35, subs: &[
        ("Disc Brake Conversions", &["Wilwood Front Kits", "Baer Classic Series", "SSBC Drum-to-Disc"]),
        ("Master Cylinders", &["Power Brake Boosters", "Dual Reservoir Conversions"]),
        ("Brake Lines", &["Stainless Braided", "Pre-Bent OE Style"]),
    ]},
    Category { l1: "Electrical", code: "ELE", weight: 8.0, price: 55.0, performance: 0.25, restoration: 0.55, subs: &[
        ("Wiring Harnesses", &["American Autowire Classic Update", "Painless 18-Circuit", "Ron Francis Express"]),
        ("Lighting", &["LED Headlight Conversions", "Sequential Tail Lights"]),
        ("Alternators", &["Powermaster One-Wire", "Tuff Stuff Chrome"]),
        ("Starters", &["Mini High-Torque"]),
    ]},
    Category { l1: "Body & Exterior", code: "BOD", weight: 9.0, price: 190.0, performance: 0.1, restoration: 0.8, subs: &[
        ("Sheet Metal", &["Golden Star Floor Pans", "Dynacorn Quarter Panels", "Rocker Panels"]),
        ("Bumpers & Grilles", &["Triple-Chrome Bumpers", "Billet Grille Inserts"]),
        ("Weatherstripping", &["Soffseal Door Seals", "Metro Moulded"]),
        ("Emblems & Trim", &["Reproduction Script Emblems", "Stainless Drip Rails"]),
    ]},
    Category { l1: "Interior", code: "INT", weight: 7.0, price: 75.0, performance: 0.1, restoration: 0.75, subs: &[
        ("Gauges", &["Auto Meter Classic", "Dakota Digital VHX", "Classic Instruments"]),
        ("Steering Wheels", &["Grant Classic", "Billet Specialties"]),
        ("Seats & Upholstery", &["TMI Sport Seats", "PUI Upholstery Kits"]),
        ("Climate Control", &["Vintage Air Gen IV", "Old Air Products"]),
    ]},
    Category { l1: "Wheels & Tires", code: "WHL", weight: 6.0, price: 260.0, performance: 0.45, restoration: 0.4, subs: &[
        ("Wheels", &["American Racing Torq Thrust", "Cragar S/S", "Steelies with Baby Moons"]),
        ("Tires", &["Coker Wide Whitewall", "BFGoodrich Radial T/A"]),
        ("Lug Nuts & Hardware", &["Chrome Acorn", "Spline Drive"]),
    ]},
    Category { l1: "Tools & Garage", code: "TLS", weight: 4.0, price: 40.0, performance: 0.05, restoration: 0.2, subs: &[
        ("Fabrication Tools", &["Tubing Benders", "Sheet Metal Brakes", "Bead Rollers"]),
        ("Fluids & Chemicals", &["Assembly Lube", "Rust Converters"]),
        ("Shop Equipment", &["Engine Stands", "Creepers"]),
    ]},
];

/// Make, model, first and last model year, and how common it is.
pub const VEHICLES: &[(&str, &str, i32, i32, f64)] = &[
    ("Ford", "Model A", 1928, 1931, 3.0),
    ("Ford", "Deuce Roadster", 1932, 1932, 2.0),
    ("Ford", "F-100", 1953, 1979, 6.0),
    ("Ford", "Mustang", 1964, 1973, 10.0),
    ("Ford", "Falcon", 1960, 1970, 2.0),
    ("Ford", "Bronco", 1966, 1977, 3.0),
    ("Chevrolet", "Bel Air", 1953, 1957, 5.0),
    ("Chevrolet", "Impala", 1958, 1970, 4.0),
    ("Chevrolet", "Camaro", 1967, 1981, 9.0),
    ("Chevrolet", "Chevelle", 1964, 1977, 7.0),
    ("Chevrolet", "Nova", 1962, 1979, 5.0),
    ("Chevrolet", "C10", 1960, 1987, 8.0),
    ("Chevrolet", "Corvette", 1963, 1982, 4.0),
    ("Dodge", "Charger", 1966, 1974, 4.0),
    ("Dodge", "Challenger", 1970, 1974, 3.0),
    ("Dodge", "Dart", 1963, 1976, 2.0),
    ("Plymouth", "Barracuda", 1964, 1974, 2.0),
    ("Plymouth", "Road Runner", 1968, 1980, 2.0),
    ("Pontiac", "GTO", 1964, 1974, 3.0),
    ("Pontiac", "Firebird", 1967, 1981, 3.0),
    ("Oldsmobile", "442", 1964, 1972, 1.5),
    ("Buick", "Skylark", 1961, 1972, 1.0),
    ("AMC", "Javelin", 1968, 1974, 0.7),
    ("Jeep", "CJ-5", 1955, 1983, 2.0),
];

pub const FIRST_NAMES: &[&str] = &[
    "ana", "ben", "carla", "dave", "elena", "frank", "gina", "hank", "iris", "jake", "kim", "luis",
    "maya", "nate", "olga", "pete", "quinn", "rosa", "sam", "tina", "umar", "vera", "walt", "xena",
    "yusuf", "zoe", "abby", "bo", "cal", "dee", "eli", "fay", "gus", "hal", "ivy", "joe",
];

pub const LAST_NAMES: &[&str] = &[
    "garcia", "miller", "nguyen", "johnson", "kowalski", "ramirez", "smith", "okafor", "larsen",
    "brown", "martin", "chen", "davis", "lopez", "wilson", "moore",
];

/// Words for the other shops' domains (the first shop is the store itself).
pub const SHOP_WORDS: &[&str] = &[
    "speedshop", "kustom", "rodworks", "gearhead", "hotrod", "classic", "muscle", "garage", "chrome",
    "piston", "nitro", "restomod", "oldschool", "lowrider", "gasser", "roadster", "dragway", "flathead",
];

pub const ESCALATION_REASONS: &[&str] = &[
    "refund_request",
    "damaged_item",
    "wrong_part_shipped",
    "fitment_question",
    "shipping_delay",
    "chargeback_threat",
    "warranty_claim",
];

pub const CARRIERS: &[&str] = &["UPS", "FedEx", "USPS", "Freight"];
