using Fulgur.Bitcoin.Transactions;

namespace Fulgur.DevChain.Chain;

/// <summary>An unspent output and where it was created: bitcoind's Coin (height and coinbase flag for maturity and BIP68).</summary>
internal sealed record Coin(TxOut Output, int Height, bool IsCoinbase);

/// <summary>Where a confirmed transaction sits in the active chain.</summary>
internal readonly record struct TxLocation(int Height, int Index);
