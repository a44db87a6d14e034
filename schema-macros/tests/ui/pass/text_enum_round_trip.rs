//! A `#[derive(TextEnum)]` enum reads and writes the same spelling everywhere:
//! `as_str`, `Display`, `FromStr`, `TryFrom<String>` and serde.

use schema_engine::{ColumnType, TextEnum};
use schema_macros::TextEnum;
use std::str::FromStr;

/// Renamed one by one.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    #[text_enum(rename = "DIY Builder")]
    DiyBuilder,
    #[text_enum(rename = "Professional Shop")]
    ProfessionalShop,
}

/// Renamed by a rule, with one exception.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq)]
#[text_enum(rename_all = "snake_case")]
pub enum Stage {
    New,
    AtRisk,
    #[text_enum(rename = "won-back")]
    Reactivated,
}

/// No attribute: the variant names as written.
#[derive(TextEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plain {
    Alpha,
    BetaGamma,
}

fn main() {
    assert_eq!(Segment::VALUES, ["DIY Builder", "Professional Shop"]);
    assert_eq!(Stage::VALUES, ["new", "at_risk", "won-back"]);
    assert_eq!(Plain::VALUES, ["Alpha", "BetaGamma"]);

    for stage in [Stage::New, Stage::AtRisk, Stage::Reactivated] {
        let text = stage.as_str();
        assert_eq!(stage.to_string(), text);
        assert_eq!(Stage::from_str(text), Ok(stage));
        assert_eq!(Stage::try_from(text.to_owned()), Ok(stage));
        assert_eq!(Stage::from_text(text), Some(stage));

        let json = serde_json::to_string(&stage).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<Stage>(&json).unwrap(), stage);
    }
    assert_eq!(Segment::ProfessionalShop.to_string(), "Professional Shop");
    assert_eq!("DIY Builder".parse::<Segment>(), Ok(Segment::DiyBuilder));

    // Unknown spellings are refused, naming the type and the accepted values.
    let err = "AtRisk".parse::<Stage>().unwrap_err();
    assert_eq!(err.value, "AtRisk");
    assert_eq!(err.type_name, "Stage");
    assert!(err.to_string().contains("at_risk"), "{err}");
    assert!(serde_json::from_str::<Stage>("\"reactivated\"").is_err());
    assert!(serde_json::from_str::<Stage>("1").is_err());

    // As a column type: text with the values as allowed values.
    let info = <Stage as ColumnType>::column_type();
    assert_eq!(info.data_type.as_str(), "text");
    assert!(!info.nullable);
    assert_eq!(info.allowed_values, Some(Stage::VALUES));
    assert!(<Option<Stage> as ColumnType>::column_type().nullable);
}
