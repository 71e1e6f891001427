using System.Globalization;
using System.Net;
using System.Text;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>A hand-written SVG line chart of score against context length: one line per method, log-scale x.</summary>
internal static class EvalChart
{
    /// <summary>The colours of the method lines, in order of first appearance.</summary>
    public static readonly IReadOnlyList<string> Colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

    private const int Width = 640;
    private const int Height = 400;
    private const int Left = 60;
    private const int Right = 130;
    private const int Top = 40;
    private const int Bottom = 50;

    /// <summary>The SVG document for <paramref name="rows"/>.</summary>
    public static string Svg(string task, IReadOnlyList<EvalSummaryRow> rows)
    {
        var c = CultureInfo.InvariantCulture;
        var lengths = rows.Select(r => r.Length).Distinct().Order().ToList();
        var min = Math.Log2(lengths.Count > 0 ? lengths[0] : 1);
        var max = Math.Log2(lengths.Count > 0 ? lengths[^1] : 2);
        if (max - min < 1e-9)
        {
            min -= 1;
            max += 1;
        }

        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double X(int length) => Left + ((Math.Log2(length) - min) / (max - min) * plotW);
        double Y(double score) => Top + ((1 - score) * plotH);

        var svg = new StringBuilder();
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(c, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(c, $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{WebUtility.HtmlEncode(task)}: score vs context length</text>\n");

        // Grid and y axis: 0% to 100% in steps of 20.
        for (var s = 0; s <= 100; s += 20)
        {
            var y = Y(s / 100.0);
            svg.Append(c, $"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>\n");
            svg.Append(c, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{s}%</text>\n");
        }

        // X axis: one tick per length, log scale.
        foreach (var length in lengths)
        {
            var x = X(length);
            svg.Append(c, $"<line x1=\"{x:0.#}\" y1=\"{Top}\" x2=\"{x:0.#}\" y2=\"{Height - Bottom}\" stroke=\"#eee\"/>\n");
            svg.Append(c, $"<text x=\"{x:0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{EvalTokens.Format(length)}</text>\n");
        }

        svg.Append(c, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n");
        svg.Append(c, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n");
        svg.Append(c, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 12}\" text-anchor=\"middle\">context length (tokens, log scale)</text>\n");
        svg.Append(c, $"<text x=\"16\" y=\"{Top + (plotH / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {Top + (plotH / 2)})\">score</text>\n");

        var methods = rows.Select(r => r.Method).Distinct(StringComparer.Ordinal).ToList();
        for (var m = 0; m < methods.Count; m++)
        {
            var color = Colors[m % Colors.Count];
            var points = rows.Where(r => r.Method == methods[m]).OrderBy(r => r.Length).ToList();
            var path = string.Join(' ', points.Select(p => string.Create(c, $"{X(p.Length):0.#},{Y(p.Score):0.#}")));
            svg.Append(c, $"<polyline class=\"method\" data-method=\"{WebUtility.HtmlEncode(methods[m])}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{path}\"/>\n");
            foreach (var p in points)
            {
                svg.Append(c, $"<circle cx=\"{X(p.Length):0.#}\" cy=\"{Y(p.Score):0.#}\" r=\"3.5\" fill=\"{color}\"><title>{WebUtility.HtmlEncode(methods[m])} {EvalTokens.Format(p.Length)}: {p.Score * 100:0.0}% ({p.Tasks} tasks)</title></circle>\n");
            }

            var ly = Top + 10 + (m * 20);
            svg.Append(c, $"<line x1=\"{Width - Right + 15}\" y1=\"{ly}\" x2=\"{Width - Right + 40}\" y2=\"{ly}\" stroke=\"{color}\" stroke-width=\"2\"/>\n");
            svg.Append(c, $"<text x=\"{Width - Right + 46}\" y=\"{ly + 4}\">{WebUtility.HtmlEncode(methods[m])}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }
}
