//! Test support: a small builder for the planned IR, so the backends are tested on IR
//! written by hand, and the rich schema that exercises every IR feature. The database
//! guards are in `schemac-testkit`.

// Each test binary uses part of this module.
#![allow(dead_code)]

use schemac_compiler::ir::{
    BinaryOp, CheckConstraint, Column, ColumnType, EnumType, Expr, ForeignKey, Index, IndexKey,
    IndexMethod, IndexOrigin, NativeEnum, PrimaryKey, RefAction, Schema, Table, TableKind,
    TableScale, UniqueConstraint, Value,
};

// The IR builder.

/// A NOT NULL column without default.
pub fn col(name: &str, ty: ColumnType) -> Column {
    Column {
        name: name.to_string(),
        ty,
        nullable: false,
        default: None,
        identity: false,
        on_update_now: false,
        comment: None,
        renamed_from: None,
        deprecated: false,
    }
}

/// Modifiers for [`col`].
pub trait ColumnExt {
    fn null(self) -> Self;
    fn default(self, expr: Expr) -> Self;
    fn on_update(self) -> Self;
    fn comment(self, text: &str) -> Self;
}

impl ColumnExt for Column {
    fn null(mut self) -> Self {
        self.nullable = true;
        self
    }
    fn default(mut self, expr: Expr) -> Self {
        self.default = Some(Box::new(expr));
        self
    }
    fn on_update(mut self) -> Self {
        self.on_update_now = true;
        self
    }
    fn comment(mut self, text: &str) -> Self {
        self.comment = Some(text.to_string());
        self
    }
}

pub fn c(name: &str) -> Expr {
    Expr::Column(name.to_string())
}
pub fn num(text: &str) -> Expr {
    Expr::Value(Value::Number(text.to_string()))
}
pub fn s(text: &str) -> Expr {
    Expr::Value(Value::String(text.to_string()))
}
pub fn json(text: &str) -> Expr {
    Expr::Value(Value::Json(text.to_string()))
}
pub fn boolean(value: bool) -> Expr {
    Expr::Value(Value::Bool(value))
}
pub fn bin(op: BinaryOp, lhs: Expr, rhs: Expr) -> Expr {
    Expr::Binary {
        op,
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
    }
}
pub fn is_null(expr: Expr) -> Expr {
    Expr::IsNull {
        expr: Box::new(expr),
        negated: false,
    }
}

/// Builds a [`Table`].
pub struct TableBuilder {
    table: Table,
}

impl TableBuilder {
    pub fn new(name: &str) -> Self {
        TableBuilder {
            table: Table {
                name: name.to_string(),
                source: name.to_string(),
                kind: TableKind::Entity,
                comment: None,
                columns: Vec::new(),
                primary_key: PrimaryKey {
                    name: format!("{name}_pkey"),
                    columns: Vec::new(),
                },
                foreign_keys: Vec::new(),
                uniques: Vec::new(),
                checks: Vec::new(),
                indexes: Vec::new(),
                seed_rows: Vec::new(),
                scale: TableScale {
                    rows: 10_000.0,
                    growth_per_month: 0.0,
                    declared: false,
                },
                soft_delete: false,
                hierarchy: None,
                partitioning: None,
                append_only: false,
                verbatim: Vec::new(),
            },
        }
    }

    /// An enum lookup table: `value string(n)` primary key, one seed row per value.
    pub fn lookup(name: &str, values: &[&str]) -> Self {
        let mut builder = TableBuilder::new(name)
            .column(col("value", ColumnType::String { length: 20 }))
            .pk(&["value"]);
        builder.table.kind = TableKind::EnumLookup;
        builder.table.seed_rows = values
            .iter()
            .map(|v| vec![Value::String(v.to_string())])
            .collect();
        builder
    }

    pub fn column(mut self, column: Column) -> Self {
        self.table.columns.push(column);
        self
    }

    /// `id id`: a bigint identity primary key.
    pub fn id(mut self) -> Self {
        let mut id = col("id", ColumnType::BigInt);
        id.identity = true;
        self.table.columns.insert(0, id);
        self.pk(&["id"])
    }

    pub fn pk(mut self, columns: &[&str]) -> Self {
        self.table.primary_key.columns = strings(columns);
        self
    }

    pub fn fk(
        mut self,
        name: &str,
        columns: &[&str],
        ref_table: &str,
        ref_columns: &[&str],
        on_delete: RefAction,
        on_update: RefAction,
    ) -> Self {
        self.table.foreign_keys.push(ForeignKey {
            name: name.to_string(),
            columns: strings(columns),
            ref_table: ref_table.to_string(),
            ref_columns: strings(ref_columns),
            on_delete,
            on_update,
        });
        self
    }

    pub fn unique(mut self, name: &str, columns: &[&str]) -> Self {
        self.table.uniques.push(UniqueConstraint {
            name: name.to_string(),
            columns: strings(columns),
        });
        self
    }

    pub fn check(mut self, name: &str, expr: Expr) -> Self {
        self.table.checks.push(CheckConstraint {
            name: name.to_string(),
            expr,
        });
        self
    }

    /// An index; keys are `(column, desc)`.
    pub fn index(
        mut self,
        name: &str,
        keys: &[(&str, bool)],
        unique: bool,
        predicate: Option<Expr>,
    ) -> Self {
        self.table.indexes.push(Index {
            name: name.to_string(),
            columns: keys
                .iter()
                .map(|(column, desc)| IndexKey {
                    column: column.to_string(),
                    desc: *desc,
                    opclass: None,
                })
                .collect(),
            unique,
            predicate,
            method: IndexMethod::BTree,
            origin: IndexOrigin::User,
        });
        self
    }

    pub fn comment(mut self, text: &str) -> Self {
        self.table.comment = Some(text.to_string());
        self
    }

    pub fn build(self) -> Table {
        self.table
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A table name of exactly 70 characters, longer than PostgreSQL's and MySQL's limits.
pub const LONG_TABLE: &str =
    "quarterly_customer_lifetime_value_snapshots_for_the_finance_reporting_";

/// A schema that exercises every IR feature the backends render.
pub fn rich_schema() -> Schema {
    use BinaryOp::*;
    use RefAction::*;
    let status = ColumnType::Enum(Box::new(NativeEnum {
        name: "order_status".to_string(),
        values: strings(&["pending", "paid", "shipped"]),
    }));
    let tables = vec![
        TableBuilder::lookup("order_priorities", &["low", "normal", "high"]).build(),
        TableBuilder::new("user")
            .id()
            .column(col("email", ColumnType::String { length: 255 }).comment("Login; unique."))
            .column(col("name", ColumnType::Text).null())
            .column(col("settings", ColumnType::Json).default(json("{}")))
            .column(col("is_active", ColumnType::Bool).default(boolean(true)))
            .column(col("created_at", ColumnType::Timestamptz).default(Expr::Now))
            .column(
                col("updated_at", ColumnType::Timestamptz)
                    .default(Expr::Now)
                    .on_update(),
            )
            .unique("user_email_key", &["email"])
            .comment("A customer's account.")
            .build(),
        TableBuilder::new("group")
            .id()
            .column(col("key", ColumnType::String { length: 50 }))
            .column(col("from", ColumnType::Date).null())
            .column(col("select", ColumnType::Int).default(num("0")))
            .column(col("parent_id", ColumnType::BigInt).null())
            .fk(
                "group_parent_id_fkey",
                &["parent_id"],
                "group",
                &["id"],
                SetNull,
                NoAction,
            )
            .unique("group_key_key", &["key"])
            .build(),
        TableBuilder::new("order")
            .id()
            .column(col("user_id", ColumnType::BigInt))
            .column(col("status", status.clone()).default(s("pending")))
            .column(col("priority", ColumnType::String { length: 20 }).default(s("normal")))
            .column(
                col(
                    "total",
                    ColumnType::Decimal {
                        precision: 12,
                        scale: 2,
                    },
                )
                .default(num("0")),
            )
            .column(col("public_id", ColumnType::Uuid))
            .column(col("tags", ColumnType::Array(Box::new(ColumnType::Text))).default(json("[]")))
            .column(col("note", ColumnType::Text).null())
            .column(col("placed_at", ColumnType::Timestamptz).default(Expr::Now))
            .column(col("deleted_at", ColumnType::Timestamptz).null())
            .column(
                col("updated_at", ColumnType::Timestamptz)
                    .default(Expr::Now)
                    .on_update(),
            )
            .fk(
                "order_user_id_fkey",
                &["user_id"],
                "user",
                &["id"],
                Cascade,
                Restrict,
            )
            .fk(
                "order_priority_fkey",
                &["priority"],
                "order_priorities",
                &["value"],
                Restrict,
                Cascade,
            )
            .check("order_total_check", bin(Ge, c("total"), num("0")))
            .index(
                "order_user_id_placed_at_idx",
                &[("user_id", false), ("placed_at", true)],
                false,
                None,
            )
            .index(
                "order_public_id_live_key",
                &[("public_id", false)],
                true,
                Some(is_null(c("deleted_at"))),
            )
            .index(
                "order_pending_idx",
                &[("placed_at", false)],
                false,
                Some(bin(Eq, c("status"), s("pending"))),
            )
            .build(),
        TableBuilder::new("products")
            .id()
            .column(col("name", ColumnType::String { length: 120 }))
            .column(col("sku", ColumnType::String { length: 40 }))
            .column(
                col(
                    "price",
                    ColumnType::Decimal {
                        precision: 10,
                        scale: 2,
                    },
                )
                .default(num("1.5")),
            )
            .column(col("weight", ColumnType::Float).null())
            .column(col("rating", ColumnType::Double).null())
            .column(col("stock", ColumnType::SmallInt).default(num("0")))
            .column(col("image", ColumnType::Bytes).null())
            .column(col("available_on", ColumnType::Date).null())
            .column(col("opens_at", ColumnType::Time).null())
            .column(col("imported_at", ColumnType::Timestamp).null())
            .column(col("attributes", ColumnType::Json).null())
            .column(col("codes", ColumnType::Array(Box::new(ColumnType::Int))).null())
            .unique("products_sku_key", &["sku"])
            .build(),
        TableBuilder::new("order_items")
            .column(col("order_id", ColumnType::BigInt))
            .column(col("product_id", ColumnType::BigInt))
            .column(col("quantity", ColumnType::Int))
            .column(col(
                "unit_price",
                ColumnType::Decimal {
                    precision: 10,
                    scale: 2,
                },
            ))
            .pk(&["order_id", "product_id"])
            .fk(
                "order_items_order_id_fkey",
                &["order_id"],
                "order",
                &["id"],
                Cascade,
                NoAction,
            )
            .fk(
                "order_items_product_id_fkey",
                &["product_id"],
                "products",
                &["id"],
                Restrict,
                Cascade,
            )
            .check(
                "order_items_quantity_check",
                bin(Gt, c("quantity"), num("0")),
            )
            .index(
                "order_items_product_id_idx",
                &[("product_id", false)],
                false,
                Some(bin(Gt, c("quantity"), num("10"))),
            )
            .build(),
        // A foreign key cycle: departments <-> employees.
        TableBuilder::new("departments")
            .id()
            .column(col("name", ColumnType::String { length: 80 }))
            .column(col("manager_id", ColumnType::BigInt).null())
            .fk(
                "departments_manager_id_fkey",
                &["manager_id"],
                "employees",
                &["id"],
                SetNull,
                NoAction,
            )
            .build(),
        TableBuilder::new("employees")
            .id()
            .column(col("department_id", ColumnType::BigInt).null())
            .column(col("email", ColumnType::String { length: 255 }))
            .fk(
                "employees_department_id_fkey",
                &["department_id"],
                "departments",
                &["id"],
                SetDefault,
                Restrict,
            )
            .build(),
        // Exclusive arcs: exactly one of the targets is set.
        TableBuilder::new("attachments")
            .id()
            .column(col("order_id", ColumnType::BigInt).null())
            .column(col("product_id", ColumnType::BigInt).null())
            .fk(
                "attachments_order_id_fkey",
                &["order_id"],
                "order",
                &["id"],
                Restrict,
                NoAction,
            )
            .fk(
                "attachments_product_id_fkey",
                &["product_id"],
                "products",
                &["id"],
                Restrict,
                NoAction,
            )
            .check(
                "attachments_target_check",
                bin(
                    Eq,
                    Expr::CountNotNull(strings(&["order_id", "product_id"])),
                    num("1"),
                ),
            )
            .build(),
        TableBuilder::new(LONG_TABLE)
            .id()
            .column(col("user_id", ColumnType::BigInt))
            .column(col(
                "lifetime_value",
                ColumnType::Decimal {
                    precision: 14,
                    scale: 2,
                },
            ))
            .fk(
                &format!("{LONG_TABLE}_user_id_fkey"),
                &["user_id"],
                "user",
                &["id"],
                Cascade,
                NoAction,
            )
            .index(
                &format!("{LONG_TABLE}_user_id_idx"),
                &[("user_id", false), ("lifetime_value", true)],
                false,
                None,
            )
            .build(),
    ];
    Schema {
        tables,
        enums: vec![EnumType {
            name: "order_status".to_string(),
            values: strings(&["pending", "paid", "shipped"]),
            comment: Some("Where an order is.".to_string()),
        }],
        queries: Vec::new(),
        views: Vec::new(),
        lookup: Default::default(),
    }
}
