using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Wallet;

namespace Fulgur.Node.Storage;

/// <summary>The on-chain wallet's outputs (Core Lightning's <c>outputs</c> table). The next key index lives in vars.</summary>
public interface IWalletRepository
{
    Task<IReadOnlyList<WalletUtxo>> ListOutputsAsync(CancellationToken cancellationToken);

    Task UpsertOutputAsync(WalletUtxo output, CancellationToken cancellationToken);

    Task DeleteOutputAsync(OutPoint outPoint, CancellationToken cancellationToken);

    /// <summary>Records a transaction the wallet signed and sent (rebroadcast after a restart until it confirms).</summary>
    Task AddTransactionAsync(Transaction transaction, CancellationToken cancellationToken);

    Task<IReadOnlyList<Transaction>> ListTransactionsAsync(CancellationToken cancellationToken);

    Task DeleteTransactionAsync(TxId txid, CancellationToken cancellationToken);
}

/// <summary>Var names the wallet and chain watcher use.</summary>
public static class WalletVarNames
{
    /// <summary>The next unused BIP32 index for <c>newaddr</c>.</summary>
    public const string NextKeyIndex = "wallet_next_index";
}
