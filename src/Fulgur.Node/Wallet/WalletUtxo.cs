using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Wallet;

/// <summary>Where one of our outputs stands. Persisted as its number: append only.</summary>
public enum UtxoStatus
{
    /// <summary>Created by a transaction not (or no longer) in the best chain: our own change, or reorged out.</summary>
    Unconfirmed = 0,
    /// <summary>In a best-chain block and not spent.</summary>
    Confirmed = 1,
    /// <summary>Spent by one of our transactions (<see cref="WalletUtxo.SpentBy"/>), confirmed or not.</summary>
    Spent = 2,
}

/// <summary>One output paying to a wallet key (index <see cref="KeyIndex"/> on the wallet's BIP32 chain).</summary>
public sealed record WalletUtxo(
    OutPoint OutPoint,
    Satoshi Value,
    uint KeyIndex,
    Script ScriptPubKey,
    UtxoStatus Status,
    BlockHeight? BlockHeight,
    TxId? SpentBy,
    BlockHeight? SpentHeight)
{
    /// <summary>The BIP141 weight one P2WPKH input spending this adds: 41 non-witness bytes ×4 plus a 108-byte witness with a 72-byte signature (rounded up).</summary>
    public const int P2WpkhInputWeight = 41 * 4 + 1 + 1 + 72 + 1 + 33;
}
