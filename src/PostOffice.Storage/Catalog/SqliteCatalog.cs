using Microsoft.Data.Sqlite;

namespace PostOffice.Storage.Catalog;

/// <summary>
/// The catalog in SQLite: WAL journal, <c>synchronous=FULL</c> so a committed change survives power loss. One
/// connection, one operation at a time: the catalog changes at human rates, and serializing keeps it simple.
/// </summary>
public sealed class SqliteCatalog : ICatalog, IAsyncDisposable
{
    // Each entry migrates the schema from version (index) to version (index + 1); PRAGMA user_version records it.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE entries (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            kind        TEXT NOT NULL,
            name        TEXT NOT NULL,
            definition  TEXT NOT NULL,
            created_at  INTEGER NOT NULL,
            UNIQUE (kind, name)
        );
        """,
    ];

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;

    private SqliteCatalog(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
    }

    public static async Task<SqliteCatalog> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", cancellationToken).ConfigureAwait(false);
            await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
            return new SqliteCatalog(connection, time);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<(CatalogEntry Entry, bool Created)> GetOrAddAsync(string kind, string name, string definition, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT INTO entries (kind, name, definition, created_at) VALUES ($kind, $name, $definition, $created) ON CONFLICT (kind, name) DO NOTHING";
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$definition", definition);
            command.Parameters.AddWithValue("$created", _time.GetUtcNow().ToUnixTimeMilliseconds());
            var created = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            var entry = await GetLockedAsync(kind, name, cancellationToken).ConfigureAwait(false);
            return (entry!, created);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> UpdateAsync(string kind, string name, string definition, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE entries SET definition = $definition WHERE kind = $kind AND name = $name";
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$definition", definition);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<CatalogEntry?> GetAsync(string kind, string name, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await GetLockedAsync(kind, name, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> DeleteAsync(string kind, string name, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM entries WHERE kind = $kind AND name = $name";
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$name", name);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<CatalogEntry>> ListAsync(string kind, string? prefix = null, string? after = null, int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            // substr() rather than LIKE: names may contain '%' and '_', and LIKE ignores case for ASCII.
            command.CommandText = """
                SELECT id, kind, name, definition, created_at FROM entries
                WHERE kind = $kind AND substr(name, 1, length($prefix)) = $prefix AND name > $after
                ORDER BY name LIMIT $limit
                """;
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$prefix", prefix ?? string.Empty);
            command.Parameters.AddWithValue("$after", after ?? string.Empty);
            command.Parameters.AddWithValue("$limit", limit);
            var entries = new List<CatalogEntry>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(ReadEntry(reader));
            }

            return entries;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        var current = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException($"The catalog's schema version {current} is newer than this server understands ({Migrations.Length}); use a newer postoffice.");
        }

        for (var step = current; step < Migrations.Length; step++)
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations[step] + $"\nPRAGMA user_version = {step + 1};";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static CatalogEntry ReadEntry(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));

    private async Task<CatalogEntry?> GetLockedAsync(string kind, string name, CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, kind, name, definition, created_at FROM entries WHERE kind = $kind AND name = $name";
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$name", name);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEntry(reader) : null;
    }
}
