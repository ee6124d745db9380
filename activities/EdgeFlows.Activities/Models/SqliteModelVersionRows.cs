// Reading model versions from the SQLite registry's ext_models_versions (ModelVersionRows maps a row).
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Activities.Models;

internal static class SqliteModelVersionRows
{
    public static ModelVersion? ReadOne(SqliteConnection connection, SqliteTransaction? transaction, string where, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(transaction, $"SELECT {ModelVersionRows.Columns} FROM ext_models_versions v WHERE {where}", parameters);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ModelVersionRows.Read(reader) : null;
    }
}
