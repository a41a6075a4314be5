namespace Fulgur.Node.Storage;

/// <summary>Opens the store --wallet names.</summary>
public static class StoreFactory
{
    public static async Task<IStore> OpenAsync(WalletDsn wallet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        return wallet.Backend switch
        {
            StoreBackend.Sqlite => await SqliteStore.OpenAsync(wallet.Target, cancellationToken).ConfigureAwait(false),
            // A refused option, not a stub: the IStore interface is shaped for an Npgsql implementation to come.
            _ => throw new StoreException("--wallet=postgres://…: PostgreSQL storage is not supported yet; use sqlite3://PATH (the default)"),
        };
    }
}
