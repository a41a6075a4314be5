using System.Diagnostics.CodeAnalysis;

namespace Fulgur.Node.Storage;

public enum StoreBackend
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The --wallet option (interfaces.md §2): <c>sqlite3://PATH</c> (a relative path is taken from the network directory,
/// which is where Core Lightning runs) or <c>postgres://user:pass@host:port/db</c>.
/// </summary>
public sealed record WalletDsn(StoreBackend Backend, string Target)
{
    public static bool TryParse(string dsn, string networkDir, [NotNullWhen(true)] out WalletDsn? wallet, out string error)
    {
        ArgumentNullException.ThrowIfNull(dsn);
        wallet = null;
        error = "";
        if (dsn.StartsWith("sqlite3://", StringComparison.Ordinal))
        {
            var path = dsn["sqlite3://".Length..];
            if (path.Length == 0)
            {
                error = "--wallet: sqlite3:// needs a file name";
                return false;
            }
            wallet = new WalletDsn(StoreBackend.Sqlite, Path.GetFullPath(path, networkDir));
            return true;
        }
        if (dsn.StartsWith("postgres://", StringComparison.Ordinal) || dsn.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            wallet = new WalletDsn(StoreBackend.PostgreSql, dsn);
            return true;
        }
        error = $"--wallet: '{dsn}' is neither sqlite3://PATH nor postgres://user:pass@host:port/db";
        return false;
    }
}
