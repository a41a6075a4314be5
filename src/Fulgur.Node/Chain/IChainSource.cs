using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Chain;

/// <summary>The best chain's tip as the backend reports it.</summary>
public readonly record struct ChainTip(BlockHeight Height, BlockHash Hash);

/// <summary>
/// Read access to the best chain (LDK's chain source edge): what the block watcher follows. The bitcoind client is the
/// production implementation; tests script one. Failures to reach the backend throw <see cref="BitcoindUnavailableException"/>.
/// </summary>
public interface IChainSource
{
    Task<ChainTip> GetTipAsync(CancellationToken cancellationToken);

    /// <summary>The hash of the best-chain block at <paramref name="height"/>, or null above the tip.</summary>
    Task<BlockHash?> GetBlockHashAsync(BlockHeight height, CancellationToken cancellationToken);

    Task<Block> GetBlockAsync(BlockHash hash, CancellationToken cancellationToken);
}

/// <summary>Where transactions are sent to the network (LDK's broadcaster edge).</summary>
public interface ITransactionSender
{
    /// <summary>Sends <paramref name="transaction"/>; throws <see cref="BitcoindRpcException"/> when it is refused.</summary>
    Task<TxId> SendRawTransactionAsync(Transaction transaction, CancellationToken cancellationToken);
}

/// <summary>bitcoind's estimatesmartfee modes.</summary>
public enum EstimateMode
{
    Economical,
    Conservative,
}

/// <summary>Raw fee estimates (estimatesmartfee).</summary>
public interface IFeeSource
{
    /// <summary>The estimate for confirmation within <paramref name="targetBlocks"/>, or null when the backend has no data.</summary>
    Task<FeeRate?> EstimateSmartFeeAsync(int targetBlocks, EstimateMode mode, CancellationToken cancellationToken);
}

/// <summary>A UTXO as gettxout reports it.</summary>
public sealed record TxOutInfo(Satoshi Value, int Confirmations, string ScriptPubKeyHex);
