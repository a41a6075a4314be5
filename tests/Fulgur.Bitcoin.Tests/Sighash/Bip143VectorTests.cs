using System.Globalization;
using System.Text.RegularExpressions;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.TestKit;

namespace Fulgur.Bitcoin.Tests.Sighash;

/// <summary>
/// BIP143's examples (shared/vectors/bitcoin/bip143-vectors.md): native P2WPKH, P2SH-P2WPKH, native P2WSH with
/// OP_CODESEPARATOR (executed and not), P2SH-P2WSH 6-of-6 under all six sighash types, and the two "no FindAndDelete"
/// cases. Every listed signature must verify against its sighash with Fulgur.Crypto.
/// </summary>
public sealed partial class Bip143VectorTests
{
    private sealed record Case(int Number, int Section, int InputIndex, uint HashType, long Amount, string ScriptCode, string SigHash);

    [SkippableFact]
    public void All_fourteen_cases_match_their_sighash()
    {
        var text = SharedData.ReadText("vectors/bitcoin/bip143-vectors.md");
        var sections = Sections(text);
        var cases = Cases(text);
        Assert.Equal(14, cases.Count);
        foreach (var c in cases)
        {
            var tx = SectionTransaction(sections[c.Section]);
            // The summary's scriptCode carries its CompactSize length prefix; the sighash serializer adds its own.
            var scriptCodeBytes = Hex.Decode(c.ScriptCode);
            Assert.True(new Encoding.BitcoinReader(scriptCodeBytes).TryReadVarBytes(out var inner));
            var scriptCode = Script.FromBytes(inner);

            var sighash = SignatureHash.ComputeSegwitV0(tx, c.InputIndex, scriptCode, new Satoshi(c.Amount), new SigHashType(c.HashType));
            Assert.True(c.SigHash == Hex.Encode(sighash), $"case {c.Number}");
        }
    }

    [SkippableFact]
    public void Cache_gives_the_same_digests_for_every_hash_type()
    {
        var text = SharedData.ReadText("vectors/bitcoin/bip143-vectors.md");
        var sections = Sections(text);
        foreach (var c in Cases(text).Where(c => c.Section == 5))
        {
            var tx = SectionTransaction(sections[5]);
            var cache = new SegwitV0SighashCache(tx);
            Assert.True(new Encoding.BitcoinReader(Hex.Decode(c.ScriptCode)).TryReadVarBytes(out var inner));
            var scriptCode = Script.FromBytes(inner);
            var cached = SignatureHash.ComputeSegwitV0(tx, 0, scriptCode, new Satoshi(c.Amount), new SigHashType(c.HashType), cache);
            Assert.Equal(c.SigHash, Hex.Encode(cached));
        }
    }

    [SkippableFact]
    public void Every_listed_signature_verifies_against_its_sighash()
    {
        var text = SharedData.ReadText("vectors/bitcoin/bip143-vectors.md");
        var verified = 0;
        foreach (var section in Sections(text).Values)
        {
            var lines = section.Split('\n').Select(l => l.Trim()).ToArray();
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("sigHash:", StringComparison.Ordinal))
                    continue;
                var sighash = Hex.Decode(Value(lines[i]));
                var end = Array.FindIndex(lines, i + 1, l => l.StartsWith("sigHash:", StringComparison.Ordinal));
                end = end < 0 ? lines.Length : end;
                var signatureLine = lines[(i + 1)..end].FirstOrDefault(l => l.StartsWith("signature:", StringComparison.Ordinal));
                if (signatureLine is null)
                    continue;
                var keyLine = lines[(i + 1)..end].FirstOrDefault(IsPublicKeyLine) ?? lines[..i].Last(IsPublicKeyLine);

                // The signature is DER followed by the hash type byte (sometimes written after a space).
                var signature = Hex.Decode(Value(signatureLine).Replace(" ", "", StringComparison.Ordinal));
                Assert.True(EcdsaSignature.TryParseDer(signature.AsSpan(0, signature.Length - 1), out var parsed), signatureLine);
                var key = PublicKey.Parse(Hex.Decode(Value(keyLine)));
                // Section 6's signature has a high S; consensus accepts it (bitcoind normalizes before verifying), and
                // libsecp256k1's verify only takes the lower form.
                Assert.True(key.Verify(sighash, parsed.Normalize()), $"signature {signatureLine} over {lines[i]}");
                verified++;
            }
        }
        // Sections 1–6 list 13 segwit signatures next to their sighash (1+1+2+2+6+1; section 7 gives none).
        Assert.Equal(13, verified);
    }

    [SkippableFact]
    public void Signed_transactions_of_sections_1_to_6_pass_the_interpreter()
    {
        var text = SharedData.ReadText("vectors/bitcoin/bip143-vectors.md");
        var verified = 0;
        foreach (var (number, section) in Sections(text).Where(s => s.Key <= 6))
        {
            var unsigned = SectionTransaction(section);
            var spent = new Dictionary<OutPoint, TxOut>();
            foreach (Match m in InputDescription().Matches(section))
            {
                var index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                var value = Satoshi.FromBtc(decimal.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
                spent[unsigned.Inputs[index].PrevOut] = new TxOut(value, Script.FromHex(m.Groups[2].Value));
            }
            Assert.Equal(unsigned.Inputs.Length, spent.Count);
            var signedTxs = SignedTxLine().Matches(section).Select(m => Transaction.ParseHex(m.Groups[1].Value)).ToList();
            Assert.NotEmpty(signedTxs);
            foreach (var signed in signedTxs)
            {
                for (var i = 0; i < signed.Inputs.Length; i++)
                {
                    // Consensus flags: section 6's signature has a high S, which only policy refuses.
                    var ok = Fulgur.Bitcoin.Scripts.Interpreter.ScriptVerifier.VerifyInput(
                        signed, i, spent[signed.Inputs[i].PrevOut], Fulgur.Bitcoin.Scripts.Interpreter.ScriptVerifyFlagSets.Consensus, out var error);
                    Assert.True(ok, $"section {number} input {i}: {error}");
                    verified++;
                }
            }
        }
        // Sections 1–6: 2 + 1 + 2 + (2 + 2 swapped) + 1 + 1 inputs.
        Assert.Equal(11, verified);
    }

    private static bool IsPublicKeyLine(string line) =>
        line.StartsWith("public key", StringComparison.Ordinal) || line.StartsWith("pubkey:", StringComparison.Ordinal);

    /// <summary>The hex after the label's colon, up to any parenthesised remark.</summary>
    private static string Value(string line)
    {
        var value = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var paren = value.IndexOf('(', StringComparison.Ordinal);
        return (paren >= 0 ? value[..paren] : value).Trim();
    }

    private static Dictionary<int, string> Sections(string text)
    {
        var result = new Dictionary<int, string>();
        var matches = SectionHeading().Matches(text);
        for (var i = 0; i < matches.Count; i++)
        {
            var start = matches[i].Index;
            var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            result[int.Parse(matches[i].Groups[1].Value, CultureInfo.InvariantCulture)] = text[start..end];
        }
        return result;
    }

    /// <summary>The section's unsigned transaction, or (section 7) its signed one: the sighash ignores witnesses.</summary>
    private static Transaction SectionTransaction(string section)
    {
        var match = UnsignedTx().Match(section);
        if (!match.Success)
            match = SignedTx().Match(section);
        Assert.True(match.Success);
        return Transaction.ParseHex(match.Groups[1].Value);
    }

    private static List<Case> Cases(string text)
    {
        var cases = new List<Case>();
        foreach (Match m in CaseBlock().Matches(text))
        {
            cases.Add(new Case(
                int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                uint.Parse(m.Groups[4].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                long.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture),
                m.Groups[6].Value,
                m.Groups[7].Value));
        }
        return cases;
    }

    [GeneratedRegex(@"^## (\d+)\.", RegexOptions.Multiline)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^input (\d+) \([^\n]*\n\s*scriptPubKey ?: ([0-9a-f]+),? value: ([0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex InputDescription();

    [GeneratedRegex(@"^signed tx[^:\n]*:\s*([0-9a-f]+)", RegexOptions.Multiline)]
    private static partial Regex SignedTxLine();

    [GeneratedRegex(@"unsigned tx:\s*([0-9a-f]+)")]
    private static partial Regex UnsignedTx();

    [GeneratedRegex(@"signed tx[^:\n]*:\s*([0-9a-f]+)")]
    private static partial Regex SignedTx();

    [GeneratedRegex(
        @"case (\d+): section (\d+)[^\n]*\n\s*input_index:\s*(\d+)\s*\n\s*nHashType:\s*0x([0-9a-f]+)\s*\n\s*amount_sat:\s*(\d+)\s*\n\s*scriptCode:\s*([0-9a-f]+)\s*\n\s*sigHash:\s*([0-9a-f]+)")]
    private static partial Regex CaseBlock();
}
