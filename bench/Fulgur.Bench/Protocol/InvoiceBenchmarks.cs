using BenchmarkDotNet.Attributes;
using Fulgur.Protocol.Invoices;

namespace Fulgur.Bench.Protocol;

/// <summary>BOLT 11: decoding an invoice (bech32, tagged fields, and recovering the payee from the signature).</summary>
[MemoryDiagnoser]
public class InvoiceBenchmarks
{
    // BOLT 11's first example ("Please make a donation of any amount..."), without an n field: the payee is recovered.
    private const string Invoice =
        "lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5" +
        "rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfe" +
        "gext0eh0ymjpf39tuven09sam30g4vgpfna3rh";

    [Benchmark(Description = "BOLT 11 decode with payee recovery")]
    public Bolt11Invoice? Decode()
    {
        Bolt11Invoice.TryDecode(Invoice, out var invoice, out _);
        return invoice;
    }
}
