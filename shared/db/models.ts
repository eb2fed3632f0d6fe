import { DataTypes, Sequelize, type Model, type ModelStatic } from 'sequelize';

/** The restaurant's reference data and the read models, as Sequelize models. Schema lives in migrations. */
export interface Models {
  User: ModelStatic<Model<{ id: string; name: string; role: string; pinHash: string }>>;
  Terminal: ModelStatic<
    Model<{
      id: string;
      kind: string;
      pairedWith: string | null;
      /** The station a kitchen screen serves: only its acks count there. */
      station: string | null;
    }>
  >;
  Station: ModelStatic<Model<{ id: string; name: string; capacity: number }>>;
  DiningTable: ModelStatic<Model<{ number: number }>>;
  Product: ModelStatic<
    Model<{
      id: string;
      name: string;
      category: string;
      priceCents: number;
      station: string;
      prepSeconds: number;
      position: number;
      available: boolean;
      soldBy: 'WEIGHT' | null;
      pricePerKgCents: number | null;
    }>
  >;
  View: ModelStatic<Model<{ kind: string; id: string; version: number; data: unknown }>>;
}

const common = { timestamps: false, underscored: true, freezeTableName: true } as const;

export function defineModels(sequelize: Sequelize): Models {
  return {
    User: sequelize.define(
      'users',
      {
        id: { type: DataTypes.TEXT, primaryKey: true },
        name: DataTypes.TEXT,
        role: DataTypes.TEXT,
        pinHash: DataTypes.TEXT,
      },
      common,
    ),
    Terminal: sequelize.define(
      'terminals',
      {
        id: { type: DataTypes.TEXT, primaryKey: true },
        kind: DataTypes.TEXT,
        pairedWith: DataTypes.TEXT,
        station: DataTypes.TEXT,
      },
      common,
    ),
    Station: sequelize.define(
      'stations',
      { id: { type: DataTypes.TEXT, primaryKey: true }, name: DataTypes.TEXT, capacity: DataTypes.INTEGER },
      common,
    ),
    DiningTable: sequelize.define('dining_tables', { number: { type: DataTypes.INTEGER, primaryKey: true } }, common),
    Product: sequelize.define(
      'products',
      {
        id: { type: DataTypes.TEXT, primaryKey: true },
        name: DataTypes.TEXT,
        category: DataTypes.TEXT,
        priceCents: DataTypes.INTEGER,
        station: DataTypes.TEXT,
        prepSeconds: DataTypes.INTEGER,
        position: DataTypes.INTEGER,
        available: DataTypes.BOOLEAN,
        soldBy: DataTypes.TEXT,
        pricePerKgCents: DataTypes.INTEGER,
      },
      common,
    ),
    View: sequelize.define(
      'views',
      {
        kind: { type: DataTypes.TEXT, primaryKey: true },
        id: { type: DataTypes.TEXT, primaryKey: true },
        version: DataTypes.INTEGER,
        data: DataTypes.JSONB,
      },
      common,
    ),
  };
}

export function connect(databaseUrl: string, poolMax = 20): Sequelize {
  return new Sequelize(databaseUrl, {
    dialect: 'postgres',
    logging: false,
    pool: { max: poolMax, min: 2, idle: 10_000, acquire: 10_000 },
  });
}
