using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Durable.Stores.Sqlite;

/// <summary>Small helpers so store code reads as SQL plus parameters.</summary>
internal static class SqliteCommands
{
    // Prepared commands of the writer's connection, by SQL text. Preparing a statement costs
    // more than running it; the writer runs the same few statements thousands of times.
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Prepared = new();

    /// <summary>
    /// A command reused across calls on this connection (statement prepared once). Only for
    /// the writer's single thread; the caller must not dispose it.
    /// </summary>
    public static SqliteCommand Cached(this SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var cache = Prepared.GetValue(connection, _ => []);
        if (!cache.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            cache[sql] = command;
        }

        command.Transaction = transaction;
        if (!SameNames(command.Parameters, parameters))
        {
            command.Parameters.Clear();
            foreach (var (name, _) in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        }

        return command;
    }

    private static bool SameNames(SqliteParameterCollection current, (string Name, object? Value)[] wanted)
    {
        if (current.Count != wanted.Length)
        {
            return false;
        }

        for (var i = 0; i < wanted.Length; i++)
        {
            if (!string.Equals(current[i].ParameterName, wanted[i].Name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A new command; the caller disposes it.</summary>
    public static SqliteCommand Command(this SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Runs a statement; cached when inside the writer's transaction.</summary>
    public static int Execute(this SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        if (transaction is not null)
        {
            return connection.Cached(transaction, sql, parameters).ExecuteNonQuery();
        }

        using var command = connection.Command(transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs a query for one value; cached when inside the writer's transaction.</summary>
    public static object? Scalar(this SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        object? value;
        if (transaction is not null)
        {
            value = connection.Cached(transaction, sql, parameters).ExecuteScalar();
        }
        else
        {
            using var command = connection.Command(transaction, sql, parameters);
            value = command.ExecuteScalar();
        }

        return value is DBNull ? null : value;
    }

    public static long Ticks(this DateTime time) => time.ToUniversalTime().Ticks;

    public static DateTime ToUtc(long ticks) => new(ticks, DateTimeKind.Utc);

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
